import { Book } from "./book";
import { IdempotencyRecord } from "./idempotency-record";
import { Review } from "./review";

export { Book } from "./book";
export { Review } from "./review";
export { IdempotencyRecord } from "./idempotency-record";
export { BOOK_LIMITS, REVIEW_LIMITS, MAX_ENTITY_ID } from "./column-limits";
export { CONSTRAINT_FIELDS } from "./constraint-fields";
export { apiFieldsOf, apiJsonOf, maxLengthOf, type ApiField } from "./api-fields";

/** Passed to TypeORM as classes: no glob paths, nothing scanned at start. */
export const ENTITIES = [Book, Review, IdempotencyRecord];
