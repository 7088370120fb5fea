// Prints the API's OpenAPI document: a build output the CDK app serves at
// GET /openapi.json, generated from the handlers' own schemas.
// --require-sign-in-for-reads: as for an API whose reads need a token too.
import { createOpenApiDocument } from "../src/api-gateway/openapi-document";

process.stdout.write(JSON.stringify(createOpenApiDocument({ requireSignInForReads: process.argv.includes("--require-sign-in-for-reads") })));
