import { CreateBooksAndReviewsDsql1795305600000 } from "./1795305600000-create-books-and-reviews-dsql";

/**
 * The migrations of the DSQL-shaped schema, oldest first. Each has the name
 * of its PostgreSQL counterpart: the same step of the same schema.
 */
export const DSQL_MIGRATIONS = [CreateBooksAndReviewsDsql1795305600000];
