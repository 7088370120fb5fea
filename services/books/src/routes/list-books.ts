import { decodeCursor, encodeCursor, jsonResponse, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { Book, compileQuery, runUnitOfWork } from "@bookstore/orm";
import { bookFromRow, selectBookColumns, type BookRow } from "../book-dto";
import { listBooksQuery, PAGE_LIMIT } from "../book-schemas";

/** What a cursor is bound to: the list's filters. */
export function listBooksScope(filters: { author?: string; publisher?: string; year?: number }): string {
  return JSON.stringify(["book", filters.author ?? null, filters.publisher ?? null, filters.year ?? null]);
}

interface PageParameters extends Record<string, unknown> {
  afterId: number;
  rows: number;
  author?: string;
  publisher?: string;
  year?: number;
}

// Every filter has an (column, id) index, so a page deep in a large table
// costs what the first page costs.
const selectPage = compileQuery<PageParameters, BookRow>(
  (manager, { afterId, rows, author, publisher, year }) => {
    const select = selectBookColumns(manager.createQueryBuilder(Book, "book")).where("book.id > :afterId", { afterId });
    if (author !== undefined) select.andWhere("book.author = :author", { author });
    if (publisher !== undefined) select.andWhere("book.publisher = :publisher", { publisher });
    if (year !== undefined) select.andWhere("book.year = :year", { year });
    return select.orderBy("book.id", "ASC").limit(rows);
  },
  { bake: ["rows"] },
);

/** GET /book: keyset pagination on id, oldest first, with optional filters; one query. */
export async function listBooks({ event }: ApiRequest) {
  const query = readQuery(event, listBooksQuery);
  const limit = query.limit ?? PAGE_LIMIT.default;
  const scope = listBooksScope(query);
  const afterId = query.cursor === undefined ? 0 : decodeCursor(scope, query.cursor);

  // One row more than the page tells whether another page follows.
  const { rows } = await runUnitOfWork("read", (manager) =>
    selectPage(manager, { afterId, rows: limit + 1, author: query.author, publisher: query.publisher, year: query.year }),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(scope, last.id) : null;
  return jsonResponse(200, { books: page.map(bookFromRow), nextCursor });
}
