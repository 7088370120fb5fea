import { representationResponse, type ApiRequest } from "@bookstore/http-kit";
import { readReviewId } from "../review-schemas";
import { reviewStore } from "../review-store";

/** GET /review/{id}, with its ETag (304 when the client has it). */
export async function getReview({ event }: ApiRequest) {
  return representationResponse(event, await reviewStore.find(readReviewId(event)));
}
