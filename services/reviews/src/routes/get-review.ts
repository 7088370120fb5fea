import { jsonResponse, type ApiRequest } from "@bookstore/http-kit";
import { readReviewId } from "../review-schemas";
import { reviewStore } from "../review-store";

/** GET /review/{id}. */
export async function getReview({ event }: ApiRequest) {
  return jsonResponse(200, await reviewStore.find(readReviewId(event)));
}
