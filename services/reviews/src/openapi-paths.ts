import { idempotencyKeyHeader, replayedHeader } from "@bookstore/idempotency";
import { errorResponses, etagHeader, ifMatchHeader, ifNoneMatchHeader, jsonContent, notModifiedResponse } from "@bookstore/http-kit";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { reviewPageSchema, reviewSchema } from "./review-response-schemas";
import { createReviewBody, listReviewsQuery, reviewIdPath } from "./review-schemas";

const location = { location: { description: "path of the new review", schema: { type: "string" as const, maxLength: 2048 } } };

const createOperation = (operationId: string, summary: string): ZodOpenApiOperationObject => ({
  operationId,
  summary,
  requestParams: { header: idempotencyKeyHeader },
  requestBody: { required: true, ...jsonContent(createReviewBody) },
  responses: {
    "201": { description: "the review as stored (or, with Idempotent-Replayed, as the first request with this key stored it)", headers: { ...location, ...replayedHeader }, ...jsonContent(reviewSchema) },
    ...errorResponses(400, 404, 409, 413, 415, 422),
  },
});

/** The /review routes, generated from the same schemas the handler validates with. */
export const reviewPaths: ZodOpenApiPathsObject = {
  "/review": {
    get: {
      operationId: "listReviews",
      summary: "A book's reviews, oldest first, a page at a time",
      requestParams: { query: listReviewsQuery },
      responses: { "200": { description: "a page of reviews", ...jsonContent(reviewPageSchema) }, ...errorResponses(400, 404) },
    },
    post: createOperation("createReview", "Review a book"),
    put: createOperation("createReviewWithPut", "Review a book (PUT, kept for clients of the original sample)"),
  },
  "/review/{id}": {
    get: {
      operationId: "getReview",
      summary: "One review",
      requestParams: { path: reviewIdPath.schema, header: ifNoneMatchHeader },
      responses: { "200": { description: "the review", headers: etagHeader, ...jsonContent(reviewSchema) }, ...notModifiedResponse, ...errorResponses(400, 404) },
    },
    delete: {
      operationId: "deleteReview",
      summary: "Delete a review",
      requestParams: { path: reviewIdPath.schema, header: ifMatchHeader },
      responses: { "204": { description: "deleted" }, ...errorResponses(400, 404, 409, 412) },
    },
  },
};
