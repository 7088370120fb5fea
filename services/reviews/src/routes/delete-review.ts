import { ifMatchOf, isEditor, noContent, signedInCaller, type ApiRequest } from "@bookstore/http-kit";
import { readReviewId } from "../review-schemas";
import { reviewStore } from "../review-store";

/** DELETE /review/{id}: by its author, or by an editor (who may delete any); with If-Match, only if unchanged since read (else 412). */
export async function deleteReview(request: ApiRequest) {
  const caller = signedInCaller(request);
  const id = readReviewId(request.event);
  await reviewStore.remove(id, isEditor(caller) ? undefined : caller.subject, ifMatchOf(request.event));
  return noContent();
}
