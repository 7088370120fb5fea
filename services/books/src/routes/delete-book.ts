import { ifMatchOf, noContent, type ApiRequest } from "@bookstore/http-kit";
import { bookRepresentation } from "../book-representation";
import { readBookId } from "../book-schemas";
import { bookStore } from "../book-store";

/** DELETE /book/{id}: the book and its reviews; with If-Match, only if the book is still as the client saw it (else 412). */
export async function deleteBook({ event }: ApiRequest) {
  const id = readBookId(event);
  const ifMatch = ifMatchOf(event);
  await bookStore.remove(id, ifMatch && ((current) => ifMatch(bookRepresentation(current))));
  return noContent();
}
