/**
 * Request bodies the tests and the bench create books and reviews with: the
 * one place to add a field. Each test states only what it is about.
 */
export interface BookBody {
  title: string;
  author: string;
  publisher: string;
  year: number;
  isbn?: string | null;
}

export interface ReviewBody {
  bookId: number;
  reviewer: string;
  rate: number;
  review?: string | null;
}

/** A valid new book; `fields` replace the defaults. */
export function aBook(fields: Partial<BookBody> = {}): BookBody {
  return { title: "Dune", author: "Frank Herbert", publisher: "Chilton Books", year: 1965, ...fields };
}

/** A valid new review of book `bookId`; `fields` replace the defaults. */
export function aReview(fields: Partial<ReviewBody> & Pick<ReviewBody, "bookId">): ReviewBody {
  return { reviewer: "Paul", rate: 4, ...fields };
}
