import { jsonResponse, keysetPage, PAGE_LIMIT, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { bookListCursor, readBookListCursor } from "../book-cursor";
import { listBooksQuery } from "../book-schemas";
import { bookStore } from "../book-store";

/** GET /book: keyset pagination on id, oldest first, with optional filters. */
export async function listBooks({ event }: ApiRequest) {
  const { limit = PAGE_LIMIT.default, cursor, ...filters } = readQuery(event, listBooksQuery);
  const afterId = cursor === undefined ? 0 : readBookListCursor(filters, cursor);
  const { items, nextCursor } = await keysetPage(
    limit,
    (rows) => bookStore.list(filters, afterId, rows),
    (id) => bookListCursor(filters, id),
  );
  return jsonResponse(200, { books: items, nextCursor });
}
