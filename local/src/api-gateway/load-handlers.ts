import type { ServiceName } from "@bookstore/api-contract";
import type { LambdaHttpHandler } from "./api-server";

/**
 * The deployed handler modules. Loaded on call, after the environment is
 * set, because a handler starts connecting as soon as its module loads.
 */
export function loadHandlers(): Record<ServiceName, LambdaHttpHandler> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const books = require("@bookstore/books-service") as typeof import("@bookstore/books-service");
  const reviews = require("@bookstore/reviews-service") as typeof import("@bookstore/reviews-service");
  return { books: books.handler, reviews: reviews.handler };
}
