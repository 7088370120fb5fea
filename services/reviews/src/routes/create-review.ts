import { jsonResponse, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { createReviewBody } from "../review-schemas";
import { reviewStore } from "../review-store";

/** POST /review and PUT /review: 404 naming bookId when the book does not exist. */
export async function createReview({ event, publicPath }: ApiRequest) {
  const created = await reviewStore.create(parseInput(createReviewBody, readJsonBody(event)));
  return jsonResponse(201, created, { location: publicPath(`/review/${created.id}`) });
}
