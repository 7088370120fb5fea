import { noContent, type ApiRequest } from "@bookstore/http-kit";
import { readReviewId } from "../review-schemas";
import { reviewStore } from "../review-store";

/** DELETE /review/{id}. */
export async function deleteReview({ event }: ApiRequest) {
  await reviewStore.remove(readReviewId(event));
  return noContent();
}
