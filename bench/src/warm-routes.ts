import { aBook, aReview } from "@bookstore/test-harness";
import type { Invocation } from "@bookstore/local/invocation-event";
import type { BenchBooks } from "./bench-database";
import type { Service } from "./variants";

/** A route the bench times warm (and `bench:profile` profiles). */
export interface BenchRoute {
  name: string;
  service: Service;
  request: Invocation;
}

/** The book every create and the reviews' book id come from: one body, so both sides write the same row. */
export const BENCH_BOOK = aBook({ title: "Warm", author: "Bench", publisher: "P", year: 2024 });

/** The four headline routes, on the seeded books. */
export function warmRoutes(books: BenchBooks): Record<"get-book" | "list-books" | "create-book" | "create-review", BenchRoute> {
  return {
    "get-book": { name: "warm-read-get-book", service: "books", request: { method: "GET", url: `/book/${books.read}` } },
    "list-books": { name: "warm-read-list-books", service: "books", request: { method: "GET", url: "/book?limit=20" } },
    "create-book": { name: "warm-write-create-book", service: "books", request: { method: "POST", url: "/book", body: BENCH_BOOK } },
    "create-review": {
      name: "warm-write-create-review",
      service: "reviews",
      request: { method: "POST", url: "/review", body: aReview({ bookId: books.reviewed, reviewer: "Bench", rate: 4, review: "Fine." }) },
    },
  };
}
