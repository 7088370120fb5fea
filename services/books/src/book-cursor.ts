import { decodeCursor, encodeCursor } from "@bookstore/http-kit";
import { MAX_ENTITY_ID } from "@bookstore/orm";
import type { BookFilters } from "./book-store";

/** What a list cursor is bound to: the list's filters. */
function scopeOf(filters: BookFilters): string {
  return JSON.stringify(["book", filters.author ?? null, filters.publisher ?? null, filters.year ?? null]);
}

/** The cursor of the page after book `afterId` of the list with these filters. */
export function bookListCursor(filters: BookFilters, afterId: number): string {
  return encodeCursor(scopeOf(filters), afterId);
}

/** The id a cursor continues after; a 400 naming `cursor` unless it was issued for these filters. */
export function readBookListCursor(filters: BookFilters, cursor: string): number {
  return decodeCursor(scopeOf(filters), cursor, MAX_ENTITY_ID);
}
