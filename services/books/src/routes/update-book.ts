import { jsonResponse, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { readBookId, updateBookBody } from "../book-schemas";
import { bookStore } from "../book-store";

/** PATCH /book/{id}: fields not sent keep their values. */
export async function updateBook({ event }: ApiRequest) {
  const id = readBookId(event);
  const book = await bookStore.update(id, parseInput(updateBookBody, readJsonBody(event)));
  return jsonResponse(200, book);
}
