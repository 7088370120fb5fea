import { jsonResponse, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { createBookBody } from "../book-schemas";
import { bookStore } from "../book-store";

/** POST /book and PUT /book. */
export async function createBook({ event, publicPath }: ApiRequest) {
  const book = await bookStore.create(parseInput(createBookBody, readJsonBody(event)));
  return jsonResponse(201, book, { location: publicPath(`/book/${book.id}`) });
}
