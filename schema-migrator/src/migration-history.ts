import { CreateBooksAndReviews1795305600000 } from "./migrations/1795305600000-create-books-and-reviews";
import { CreateBooksAndReviewsDsql1795305600000 } from "./migrations-dsql/1795305600000-create-books-and-reviews-dsql";

// Each dialect keeps its own history, oldest first, listed by hand: no glob,
// nothing scanned. A DSQL migration has the name of its PostgreSQL
// counterpart: the same step of the same schema.

/** The PostgreSQL schema's migrations (the postgres and data-api targets). */
export const MIGRATIONS = [CreateBooksAndReviews1795305600000];

/** The DSQL-shaped schema's migrations (the dsql target). */
export const DSQL_MIGRATIONS = [CreateBooksAndReviewsDsql1795305600000];
