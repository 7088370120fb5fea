import { jsonResponse, PAGE_LIMIT, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { readReviewListCursor, reviewListCursor } from "../review-cursor";
import { listReviewsQuery } from "../review-schemas";
import { reviewStore } from "../review-store";

/** GET /review?bookId=: a book's reviews, keyset-paginated on id. */
export async function listReviews({ event }: ApiRequest) {
  const { bookId, limit = PAGE_LIMIT.default, cursor } = readQuery(event, listReviewsQuery);
  const afterId = cursor === undefined ? 0 : readReviewListCursor(bookId, cursor);
  // One review more than the page tells whether another page follows.
  const reviews = await reviewStore.listForBook(bookId, afterId, limit + 1);
  const page = reviews.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = reviews.length > limit && last ? reviewListCursor(bookId, last.id) : null;
  return jsonResponse(200, { reviews: page, nextCursor });
}
