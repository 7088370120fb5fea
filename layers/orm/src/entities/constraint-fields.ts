/**
 * The API field each named constraint guards, so a violation the database
 * reports can be told to the client in terms of the field it sent.
 */
export const CONSTRAINT_FIELDS: Readonly<Record<string, string>> = {
  book_year_range: "year",
  book_isbn_key: "isbn",
  review_rate_range: "rate",
  review_book_id_fkey: "bookId",
  idempotency_record_pkey: "Idempotency-Key",
};
