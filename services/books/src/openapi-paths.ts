import { idempotencyKeyHeader, replayedHeader } from "@bookstore/idempotency";
import { errorResponses, etagHeader, ifMatchHeader, ifNoneMatchHeader, jsonContent, notModifiedResponse } from "@bookstore/http-kit";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { bookPageSchema, bookSchema, bookWithRatingSchema } from "./book-response-schemas";
import { bookIdPath, createBookBody, listBooksQuery, updateBookBody } from "./book-schemas";

const location = { location: { description: "path of the new book", schema: { type: "string" as const, maxLength: 2048 } } };

const createOperation = (operationId: string, summary: string): ZodOpenApiOperationObject => ({
  operationId,
  summary,
  requestParams: { header: idempotencyKeyHeader },
  requestBody: { required: true, ...jsonContent(createBookBody) },
  responses: {
    "201": { description: "the book as stored (or, with Idempotent-Replayed, as the first request with this key stored it)", headers: { ...location, ...replayedHeader }, ...jsonContent(bookSchema) },
    ...errorResponses(400, 409, 413, 415, 422),
  },
});

/** The /book routes, generated from the same schemas the handler validates with. */
export const bookPaths: ZodOpenApiPathsObject = {
  "/book": {
    get: {
      operationId: "listBooks",
      summary: "List books, oldest first, a page at a time, optionally filtered",
      requestParams: { query: listBooksQuery },
      responses: { "200": { description: "a page of books", ...jsonContent(bookPageSchema) }, ...errorResponses(400) },
    },
    post: createOperation("createBook", "Create a book"),
    put: createOperation("createBookWithPut", "Create a book (PUT, kept for clients of the original sample)"),
  },
  "/book/{id}": {
    get: {
      operationId: "getBook",
      summary: "One book with its review count and average rate",
      requestParams: { path: bookIdPath.schema, header: ifNoneMatchHeader },
      responses: { "200": { description: "the book", headers: etagHeader, ...jsonContent(bookWithRatingSchema) }, ...notModifiedResponse, ...errorResponses(400, 404) },
    },
    patch: {
      operationId: "updateBook",
      summary: "Change some fields of a book; the others keep their values",
      requestParams: { path: bookIdPath.schema, header: ifMatchHeader },
      requestBody: { required: true, ...jsonContent(updateBookBody) },
      responses: {
        "200": { description: "the book as it is after the change, with its new ETag", headers: etagHeader, ...jsonContent(bookWithRatingSchema) },
        ...errorResponses(400, 404, 409, 412, 413, 415),
      },
    },
    delete: {
      operationId: "deleteBook",
      summary: "Delete a book and its reviews",
      requestParams: { path: bookIdPath.schema, header: ifMatchHeader },
      responses: { "204": { description: "deleted" }, ...errorResponses(400, 404, 409, 412) },
    },
  },
};
