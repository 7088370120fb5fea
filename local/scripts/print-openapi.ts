// Prints the API's OpenAPI document: a build output the CDK app serves at
// GET /openapi.json, generated from the handlers' own schemas.
import { createOpenApiDocument } from "../src/api-gateway/openapi-document";

process.stdout.write(JSON.stringify(createOpenApiDocument()));
