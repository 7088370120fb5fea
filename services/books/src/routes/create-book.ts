import { jsonResponse, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { Book, runUnitOfWork } from "@bookstore/orm";
import { bookFromRow, type BookRow } from "../book-dto";
import { createBookBody } from "../book-schemas";

/** POST /book and PUT /book: one INSERT … RETURNING, no transaction around it. */
export async function createBook({ event, publicPath }: ApiRequest) {
  const input = parseInput(createBookBody, readJsonBody(event));
  const result = await runUnitOfWork("write", (manager) =>
    manager.createQueryBuilder().insert().into(Book).values(input).returning("*").updateEntity(false).execute(),
  );
  const book = bookFromRow((result.raw as BookRow[])[0] as BookRow);
  return jsonResponse(201, book, { location: publicPath(`/book/${book.id}`) });
}
