import { decodeCursor, encodeCursor } from "@bookstore/http-kit";
import { MAX_ENTITY_ID } from "@bookstore/orm";

/** What a cursor of a book's reviews is bound to: the book. */
const scopeOf = (bookId: number) => JSON.stringify(["review", bookId]);

export function reviewListCursor(bookId: number, afterId: number): string {
  return encodeCursor(scopeOf(bookId), afterId);
}

/** The id a cursor continues after; a 400 naming `cursor` unless it was issued for this book. */
export function readReviewListCursor(bookId: number, cursor: string): number {
  return decodeCursor(scopeOf(bookId), cursor, MAX_ENTITY_ID);
}
