import { decodeCursor, encodeCursor } from "@bookstore/http-kit";
import { MAX_ENTITY_ID } from "@bookstore/orm";
import type { BookFilters } from "./book-store";

/** What a list cursor is bound to: the list's filters, those set, in a fixed order. */
function scopeOf(filters: BookFilters): string {
  const set = Object.entries(filters).filter(([, value]) => value !== undefined);
  return JSON.stringify(["book", ...set.sort(([a], [b]) => a.localeCompare(b))]);
}

/** The cursor of the page after book `afterId` of the list with these filters. */
export function bookListCursor(filters: BookFilters, afterId: number): string {
  return encodeCursor(scopeOf(filters), afterId);
}

/** The id a cursor continues after; a 400 naming `cursor` unless it was issued for these filters. */
export function readBookListCursor(filters: BookFilters, cursor: string): number {
  return decodeCursor(scopeOf(filters), cursor, MAX_ENTITY_ID);
}
