import type { RatedBook } from "./book-store";

/** What GET /book/{id} shows of a book, and what its ETag is the hash of. */
export function bookRepresentation({ book, reviewCount, averageRate }: RatedBook) {
  return { ...book.toJSON(), reviewCount, averageRate };
}
