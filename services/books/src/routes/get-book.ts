import { jsonResponse, type ApiRequest } from "@bookstore/http-kit";
import { readBookId } from "../book-schemas";
import { bookStore } from "../book-store";

/** GET /book/{id}: the book with its review count and average rate. */
export async function getBook({ event }: ApiRequest) {
  const { book, reviewCount, averageRate } = await bookStore.findRated(readBookId(event));
  return jsonResponse(200, { ...book.toJSON(), reviewCount, averageRate });
}
