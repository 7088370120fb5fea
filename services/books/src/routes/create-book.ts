import { answerOnce } from "@bookstore/idempotency";
import { jsonResponse, parseInput, readJsonBody, type ApiRequest } from "@bookstore/http-kit";
import { createBookBody } from "../book-schemas";
import { bookStore } from "../book-store";

/** POST /book and PUT /book; once per Idempotency-Key. */
export async function createBook(request: ApiRequest) {
  const values = parseInput(createBookBody, readJsonBody(request.event));
  return answerOnce(request, async () => {
    const book = await bookStore.create(values);
    return jsonResponse(201, book, { location: request.publicPath(`/book/${book.id}`) });
  });
}
