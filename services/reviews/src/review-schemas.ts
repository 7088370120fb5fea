import { integerField, integerString, textField } from "@bookstore/http-kit";
import { MAX_ENTITY_ID, REVIEW_LIMITS } from "@bookstore/orm";
import { z } from "zod";

export const createReviewBody = z
  .strictObject({
    bookId: integerField(1, MAX_ENTITY_ID),
    reviewer: textField(REVIEW_LIMITS.reviewerLength),
    rate: integerField(REVIEW_LIMITS.rateMin, REVIEW_LIMITS.rateMax),
    review: textField(REVIEW_LIMITS.reviewLength).nullable().optional(),
  })
  .meta({ id: "NewReview" });

export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

export const listReviewsQuery = z.strictObject({
  bookId: integerString(1, MAX_ENTITY_ID),
  limit: integerString(PAGE_LIMIT.min, PAGE_LIMIT.max).optional().meta({ description: "page size, 1 to 100 (default 20)" }),
  cursor: z.string().optional().meta({ description: "nextCursor of the previous page" }),
});

export const reviewSchema = z
  .object({
    id: z.number().int(),
    bookId: z.number().int(),
    reviewer: z.string(),
    rate: z.number().int(),
    review: z.string().nullable(),
    createdAt: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "Review" });

export const reviewPageSchema = z
  .object({ reviews: z.array(reviewSchema), nextCursor: z.string().nullable() })
  .meta({ id: "ReviewPage" });
