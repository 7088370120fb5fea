import { CreateBooksAndReviews1795305600000 } from "./1795305600000-create-books-and-reviews";

/** Every migration, oldest first. Listed by hand: no glob, nothing scanned. */
export const MIGRATIONS = [CreateBooksAndReviews1795305600000];
