import { decodeCursor, encodeCursor, jsonResponse, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { Book, runUnitOfWork } from "@bookstore/orm";
import { bookFromEntity } from "../book-dto";
import { listBooksQuery, PAGE_LIMIT } from "../book-schemas";

/** What a cursor is bound to: the list's filters. */
export function listBooksScope(filters: { author?: string; publisher?: string; year?: number }): string {
  return JSON.stringify(["book", filters.author ?? null, filters.publisher ?? null, filters.year ?? null]);
}

/**
 * GET /book: keyset pagination on id, oldest first, with optional filters.
 * One query; every filter has an (column, id) index, so a page deep in a
 * large table costs what the first page costs.
 */
export async function listBooks({ event }: ApiRequest) {
  const query = readQuery(event, listBooksQuery);
  const limit = query.limit ?? PAGE_LIMIT.default;
  const scope = listBooksScope(query);
  const afterId = query.cursor === undefined ? 0 : decodeCursor(scope, query.cursor);

  const books = await runUnitOfWork("read", (manager) => {
    const select = manager.createQueryBuilder(Book, "book").where("book.id > :afterId", { afterId });
    if (query.author !== undefined) select.andWhere("book.author = :author", { author: query.author });
    if (query.publisher !== undefined) select.andWhere("book.publisher = :publisher", { publisher: query.publisher });
    if (query.year !== undefined) select.andWhere("book.year = :year", { year: query.year });
    // One row more than the page tells whether another page follows.
    return select.orderBy("book.id", "ASC").limit(limit + 1).getMany();
  });

  const page = books.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = books.length > limit && last ? encodeCursor(scope, last.id) : null;
  return jsonResponse(200, { books: page.map(bookFromEntity), nextCursor });
}
