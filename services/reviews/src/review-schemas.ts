import { integerField, integerString, pageQueryFields, pathIdParameter, textField } from "@bookstore/http-kit";
import { MAX_ENTITY_ID, maxLengthOf, Review, REVIEW_LIMITS } from "@bookstore/orm";
import * as z from "zod/mini";

/** The `{id}` of /review/{id}: a key of the review table, else 400 naming `id`. */
export const reviewIdPath = pathIdParameter("id", MAX_ENTITY_ID);
export const readReviewId = reviewIdPath.read;

// What a request may send (responses: review-response-schemas.ts). Each
// schema is built when a request (or the OpenAPI document) first uses it: a
// cold start builds only the schemas of the route it serves.
export const createReviewBody = z.lazy(() =>
  z
    .strictObject({
      bookId: integerField(1, MAX_ENTITY_ID),
      reviewer: textField(maxLengthOf(Review, "reviewer")),
      rate: integerField(REVIEW_LIMITS.rateMin, REVIEW_LIMITS.rateMax),
      review: z.optional(z.nullable(textField(maxLengthOf(Review, "review")))),
    })
    .check(z.meta({ id: "NewReview" })),
);

export const listReviewsQuery = z.lazy(() =>
  z.strictObject({
    bookId: integerString(1, MAX_ENTITY_ID),
    ...pageQueryFields(),
  }),
);
