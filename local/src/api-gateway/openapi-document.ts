import { accessOf, API_ROUTES, EDITORS_GROUP } from "@bookstore/api-contract";
import { bookPaths } from "@bookstore/books-service/openapi";
import { errorResponses } from "@bookstore/http-kit";
import { reviewPaths } from "@bookstore/reviews-service/openapi";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";

export const SECURITY_SCHEME = "userPool";

const ORIGIN_HEADER = {
  "Access-Control-Allow-Origin": {
    description: "the request's Origin, when it is one of the origins the API allows (CORS); absent otherwise",
    schema: { type: "string" as const, maxLength: 2048 },
  },
};

export interface OpenApiDocumentOptions {
  /** Reads need a token too (the API stack's `requireSignInForReads`). */
  requireSignInForReads?: boolean;
}

type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * What API Gateway adds to every operation: who may call it (the security
 * requirement, and 401 / 403 where a token is needed), its tag (the
 * function serving it), and the CORS header on every response.
 */
function withGatewayContract(paths: ZodOpenApiPathsObject, options: OpenApiDocumentOptions): ZodOpenApiPathsObject {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      const route = API_ROUTES.find((candidate) => candidate.resource === path);
      const operations = Object.entries(item).map(([method, operation]: [string, ZodOpenApiOperationObject]) => {
        const access = accessOf(path, method.toUpperCase());
        if (!route || !access) throw new Error(`${method.toUpperCase()} ${path} is documented but not in API_ROUTES`);
        const signedIn = access !== "anyone" || options.requireSignInForReads === true;
        const responses = Object.fromEntries(
          Object.entries({ ...operation.responses, ...(signedIn ? errorResponses(401, ...(access === "anyone" ? [] : [403])) : {}) })
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([status, response]) => [status, { ...response, headers: { ...ORIGIN_HEADER, ...("headers" in response ? response.headers : {}) } }]),
        );
        const who = access === "editors" ? `Members of the ${EDITORS_GROUP} group only.` : access === "signed-in" ? "Any signed-in user." : "Anyone.";
        return [
          method,
          {
            ...operation,
            tags: [route.service],
            description: [operation.description, who].filter(Boolean).join(" "),
            security: signedIn ? [{ [SECURITY_SCHEME]: [] }] : [],
            responses,
          },
        ];
      });
      return [path, Object.fromEntries(operations)];
    }),
  );
}

/** The OpenAPI 3.1 document of the whole API, generated from the handlers' own schemas and the routes' access rules. */
export function createOpenApiDocument(options: OpenApiDocumentOptions = {}) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Bookstore API",
      version: "1.0.0",
      description:
        "Books and their reviews. JSON in and out; errors as { error: { code, message, details }, requestId }. Reads are open to anyone; writes need a signed-in user's ID token (Authorization: Bearer <token>).",
      license: { name: "MIT", identifier: "MIT" },
    },
    tags: [
      { name: "books", description: "Books: anyone reads, editors write" },
      { name: "reviews", description: "Reviews: anyone reads, signed-in users write, authors and editors delete" },
    ],
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: `An ID token of the user pool (Cognito in AWS; locally \`npm run token -- --user NAME [--group ${EDITORS_GROUP}]\`). RS256-signed JWTs, verified as RFC8725 (JSON Web Token Best Current Practices) asks: algorithm fixed, issuer, audience, expiry and token use checked.`,
        },
      },
    },
    paths: withGatewayContract({ ...bookPaths, ...reviewPaths }, options),
  });
}
