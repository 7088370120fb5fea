import { jsonResponse, keysetPage, PAGE_LIMIT, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { readReviewListCursor, reviewListCursor } from "../review-cursor";
import { listReviewsQuery } from "../review-schemas";
import { reviewStore } from "../review-store";

/** GET /review?bookId=: a book's reviews, keyset-paginated on id. */
export async function listReviews({ event }: ApiRequest) {
  const { bookId, limit = PAGE_LIMIT.default, cursor } = readQuery(event, listReviewsQuery);
  const afterId = cursor === undefined ? 0 : readReviewListCursor(bookId, cursor);
  const { items, nextCursor } = await keysetPage(
    limit,
    (rows) => reviewStore.listForBook(bookId, afterId, rows),
    (id) => reviewListCursor(bookId, id),
  );
  return jsonResponse(200, { reviews: items, nextCursor });
}
