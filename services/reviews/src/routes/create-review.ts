import { answerOnce } from "@bookstore/idempotency";
import { jsonResponse, parseInput, readJsonBody, signedInCaller, type ApiRequest } from "@bookstore/http-kit";
import { createReviewBody } from "../review-schemas";
import { reviewStore } from "../review-store";

/** POST /review and PUT /review: by the signed-in user, recorded as its author; 404 naming bookId when the book does not exist; once per Idempotency-Key. */
export async function createReview(request: ApiRequest) {
  const { subject } = signedInCaller(request);
  const values = { ...parseInput(createReviewBody, readJsonBody(request.event)), authorSubject: subject };
  return answerOnce(request, async () => {
    const created = await reviewStore.create(values);
    return jsonResponse(201, created, { location: request.publicPath(`/review/${created.id}`) });
  });
}
