import { isEditor, noContent, signedInCaller, type ApiRequest } from "@bookstore/http-kit";
import { readReviewId } from "../review-schemas";
import { reviewStore } from "../review-store";

/** DELETE /review/{id}: by its author, or by an editor (who may delete any). */
export async function deleteReview(request: ApiRequest) {
  const caller = signedInCaller(request);
  await reviewStore.remove(readReviewId(request.event), isEditor(caller) ? undefined : caller.subject);
  return noContent();
}
