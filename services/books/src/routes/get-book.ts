import { representationResponse, type ApiRequest } from "@bookstore/http-kit";
import { readBookId } from "../book-schemas";
import { bookStore } from "../book-store";

/** GET /book/{id}: the book with its review count and average rate, and its ETag (304 when the client has it). */
export async function getBook({ event }: ApiRequest) {
  const { book, reviewCount, averageRate } = await bookStore.findRated(readBookId(event));
  return representationResponse(event, { ...book.toJSON(), reviewCount, averageRate });
}
