import { jsonResponse, notFound, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { classifyDatabaseError, compileQuery, Review, runUnitOfWork } from "@bookstore/orm";
import { reviewFromRow, type ReviewRow } from "../review-dto";
import { createReviewBody } from "../review-schemas";

interface NewReview extends Record<string, unknown> {
  bookId: number;
  reviewer: string;
  rate: number;
  review: string | null;
}

const insertReview = compileQuery<NewReview, ReviewRow>((manager, review) =>
  manager.createQueryBuilder().insert().into(Review).values(review).returning("*"),
);

/**
 * POST /review and PUT /review: one INSERT … RETURNING. The foreign key is
 * the existence check: a review of a missing book is rejected by the
 * database, answered 404, and nothing is written.
 */
export async function createReview({ event, publicPath }: ApiRequest) {
  const input = parseInput(createReviewBody, readJsonBody(event));
  const values: NewReview = { bookId: input.bookId, reviewer: input.reviewer, rate: input.rate, review: input.review ?? null };
  const { rows } = await runUnitOfWork("write", (manager) => insertReview(manager, values)).catch((error: unknown) => {
    if (classifyDatabaseError(error).kind === "foreign-key-violation") throw notFound(`book ${input.bookId}`, "bookId");
    throw error;
  });
  const review = reviewFromRow(rows[0] as ReviewRow);
  return jsonResponse(201, review, { location: publicPath(`/review/${review.id}`) });
}
