import { representationResponse, type ApiRequest } from "@bookstore/http-kit";
import { bookRepresentation } from "../book-representation";
import { readBookId } from "../book-schemas";
import { bookStore } from "../book-store";

/** GET /book/{id}: the book with its review count and average rate, and its ETag (304 when the client has it). */
export async function getBook({ event }: ApiRequest) {
  return representationResponse(event, bookRepresentation(await bookStore.findRated(readBookId(event))));
}
