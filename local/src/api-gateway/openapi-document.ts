import { bookPaths } from "@bookstore/books-service/openapi";
import { reviewPaths } from "@bookstore/reviews-service/openapi";
import { createDocument } from "zod-openapi";

/** The OpenAPI 3.1 document of the whole API, generated from the handlers' own schemas. */
export function createOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Bookstore API",
      version: "1.0.0",
      description: "Books and their reviews. JSON in and out; errors as { error: { code, message, details }, requestId }.",
    },
    paths: { ...bookPaths, ...reviewPaths },
  });
}
