import { noContent, type ApiRequest } from "@bookstore/http-kit";
import { readBookId } from "../book-schemas";
import { bookStore } from "../book-store";

/** DELETE /book/{id}: the book and its reviews. */
export async function deleteBook({ event }: ApiRequest) {
  await bookStore.remove(readBookId(event));
  return noContent();
}
