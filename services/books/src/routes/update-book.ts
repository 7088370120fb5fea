import { ifMatchOf, parseInput, readJsonBody, taggedResponse, type ApiRequest } from "@bookstore/http-kit";
import { bookRepresentation } from "../book-representation";
import { readBookId, updateBookBody } from "../book-schemas";
import { bookStore } from "../book-store";

/** PATCH /book/{id}: fields not sent keep their values; with If-Match, only if the book is still as the client saw it (else 412). */
export async function updateBook({ event }: ApiRequest) {
  const id = readBookId(event);
  const changes = parseInput(updateBookBody, readJsonBody(event));
  const ifMatch = ifMatchOf(event);
  const updated = await bookStore.update(id, changes, ifMatch && ((current) => ifMatch(bookRepresentation(current))));
  return taggedResponse(200, bookRepresentation(updated));
}
