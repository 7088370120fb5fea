import { jsonResponse, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { Book, compileQuery, runUnitOfWork } from "@bookstore/orm";
import { bookFromRow, type BookRow } from "../book-dto";
import { createBookBody, type CreateBookInput } from "../book-schemas";

const insertBook = compileQuery<CreateBookInput, BookRow>((manager, book) =>
  manager.createQueryBuilder().insert().into(Book).values(book).returning("*"),
);

/** POST /book and PUT /book: one INSERT … RETURNING, no transaction around it. */
export async function createBook({ event, publicPath }: ApiRequest) {
  const input = parseInput(createBookBody, readJsonBody(event));
  const { rows } = await runUnitOfWork("write", (manager) => insertBook(manager, input));
  const book = bookFromRow(rows[0] as BookRow);
  return jsonResponse(201, book, { location: publicPath(`/book/${book.id}`) });
}
