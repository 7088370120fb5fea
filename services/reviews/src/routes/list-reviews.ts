import { decodeCursor, encodeCursor, jsonResponse, notFound, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { Book, compileQuery, Review, runUnitOfWork } from "@bookstore/orm";
import { reviewFromRow, selectReviewColumns, type ReviewRow } from "../review-dto";
import { listReviewsQuery, PAGE_LIMIT } from "../review-schemas";

/** The book's id, then one of its reviews, or nulls when it has none (left). */
type PageRow = { found_book_id: number } & { [K in keyof ReviewRow]: ReviewRow[K] | null };

/**
 * The book LEFT JOIN its next reviews: an unknown book (no row at all) is
 * told apart from a book without reviews (one row, no review).
 */
const selectPage = compileQuery<{ bookId: number; afterId: number; rows: number }, PageRow>(
  (manager, { bookId, afterId, rows }) =>
    selectReviewColumns(manager.createQueryBuilder(Book, "book").select("book.id", "found_book_id"))
      .leftJoin(Review, "review", "review.bookId = book.id AND review.id > :afterId", { afterId })
      .where("book.id = :bookId", { bookId })
      .orderBy("review.id", "ASC")
      .limit(rows),
  { bake: ["rows"] },
);

/** GET /review?bookId=: a book's reviews, keyset-paginated on id; one query. */
export async function listReviews({ event }: ApiRequest) {
  const query = readQuery(event, listReviewsQuery);
  const limit = query.limit ?? PAGE_LIMIT.default;
  const scope = JSON.stringify(["review", query.bookId]);
  const afterId = query.cursor === undefined ? 0 : decodeCursor(scope, query.cursor);

  // One row more than the page tells whether another page follows.
  const { rows } = await runUnitOfWork("read", (manager) => selectPage(manager, { bookId: query.bookId, afterId, rows: limit + 1 }));
  if (rows.length === 0) throw notFound(`book ${query.bookId}`, "bookId");

  const reviews = rows.filter((row): row is PageRow & ReviewRow => row.id !== null).map(reviewFromRow);
  const page = reviews.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = reviews.length > limit && last ? encodeCursor(scope, last.id) : null;
  return jsonResponse(200, { reviews: page, nextCursor });
}
