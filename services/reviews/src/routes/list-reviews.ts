import { decodeCursor, encodeCursor, jsonResponse, notFound, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { Book, Review, runUnitOfWork } from "@bookstore/orm";
import { reviewFromRow, type ReviewRow } from "../review-dto";
import { listReviewsQuery, PAGE_LIMIT } from "../review-schemas";

/** The book's id, then one of its reviews, or nulls when it has none (left). */
type PageRow = { found_book_id: number } & { [K in keyof ReviewRow]: ReviewRow[K] | null };

/**
 * GET /review?bookId=: a book's reviews, keyset-paginated on id. One query:
 * the book LEFT JOIN its next reviews, so an unknown book (no row at all)
 * is told apart from a book without reviews (one row, no review).
 */
export async function listReviews({ event }: ApiRequest) {
  const query = readQuery(event, listReviewsQuery);
  const limit = query.limit ?? PAGE_LIMIT.default;
  const scope = JSON.stringify(["review", query.bookId]);
  const afterId = query.cursor === undefined ? 0 : decodeCursor(scope, query.cursor);

  const rows = await runUnitOfWork("read", (manager) =>
    manager
      .createQueryBuilder(Book, "book")
      .select("book.id", "found_book_id")
      .leftJoin(Review, "review", "review.bookId = book.id AND review.id > :afterId", { afterId })
      .addSelect("review.id", "id")
      .addSelect("review.bookId", "book_id")
      .addSelect("review.reviewer", "reviewer")
      .addSelect("review.rate", "rate")
      .addSelect("review.review", "review")
      .addSelect("review.createdAt", "created_at")
      .where("book.id = :bookId", { bookId: query.bookId })
      .orderBy("review.id", "ASC")
      // One row more than the page tells whether another page follows.
      .limit(limit + 1)
      .getRawMany<PageRow>(),
  );
  if (rows.length === 0) throw notFound(`book ${query.bookId}`, "bookId");

  const reviews = rows.filter((row): row is PageRow & ReviewRow => row.id !== null).map(reviewFromRow);
  const page = reviews.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = reviews.length > limit && last ? encodeCursor(scope, last.id) : null;
  return jsonResponse(200, { reviews: page, nextCursor });
}
