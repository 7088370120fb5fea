import { CreateBooksAndReviews1795305600000 } from "./migrations/1795305600000-create-books-and-reviews";
import { AddReviewBookForeignKey1796000000000 } from "./migrations/1796000000000-add-review-book-foreign-key";
import { AddBookDeletedAt1796000001000 } from "./migrations/1796000001000-add-book-deleted-at";
import { AddReviewAuthorSubject1796000002000 } from "./migrations/1796000002000-add-review-author-subject";
import { AddBookIsbn1796000003000 } from "./migrations/1796000003000-add-book-isbn";
import { AddBookIsbnUniqueIndex1796000004000 } from "./migrations/1796000004000-add-book-isbn-unique-index";
import { AddIdempotencyRecord1796000005000 } from "./migrations/1796000005000-add-idempotency-record";
import { AddBookIsbnUniqueIndexDsql1796000004000 } from "./migrations-dsql/1796000004000-add-book-isbn-unique-index-dsql";
import { CreateBooksAndReviewsDsql1795305600000 } from "./migrations-dsql/1795305600000-create-books-and-reviews-dsql";
import { AddReviewBookForeignKeyDsql1796000000000 } from "./migrations-dsql/1796000000000-add-review-book-foreign-key-dsql";
import { AddIdempotencyRecordDsql1796000005000 } from "./migrations-dsql/1796000005000-add-idempotency-record-dsql";

// Each dialect keeps its own history, oldest first, listed by hand: no glob,
// nothing scanned. A DSQL migration has the name of its PostgreSQL
// counterpart: the same step of the same schema. Where the step's statements
// are the same in both dialects, both histories list the one class.

/** The PostgreSQL schema's migrations (the postgres and data-api targets). */
export const MIGRATIONS = [
  CreateBooksAndReviews1795305600000,
  AddReviewBookForeignKey1796000000000,
  AddBookDeletedAt1796000001000,
  AddReviewAuthorSubject1796000002000,
  AddBookIsbn1796000003000,
  AddBookIsbnUniqueIndex1796000004000,
  AddIdempotencyRecord1796000005000,
];

/** The DSQL-shaped schema's migrations (the dsql target). */
export const DSQL_MIGRATIONS = [
  CreateBooksAndReviewsDsql1795305600000,
  AddReviewBookForeignKeyDsql1796000000000,
  AddBookDeletedAt1796000001000,
  AddReviewAuthorSubject1796000002000,
  AddBookIsbn1796000003000,
  AddBookIsbnUniqueIndexDsql1796000004000,
  AddIdempotencyRecordDsql1796000005000,
];
