import type { SelectQueryBuilder } from "@bookstore/orm";

export interface ReviewDto {
  id: number;
  bookId: number;
  reviewer: string;
  rate: number;
  review: string | null;
  createdAt: string;
}

/** A `review` row under its column names, as RETURNING * and `selectReviewColumns` give it. */
export interface ReviewRow {
  id: number;
  book_id: number;
  reviewer: string;
  rate: number;
  review: string | null;
  created_at: Date;
}

const COLUMNS: Array<[property: string, column: keyof ReviewRow]> = [
  ["id", "id"],
  ["bookId", "book_id"],
  ["reviewer", "reviewer"],
  ["rate", "rate"],
  ["review", "review"],
  ["createdAt", "created_at"],
];

/** Adds the review's columns under their own names, so every query yields `ReviewRow`s. */
export function selectReviewColumns<Entity extends object>(select: SelectQueryBuilder<Entity>, alias = "review"): SelectQueryBuilder<Entity> {
  return COLUMNS.reduce((query, [property, column]) => query.addSelect(`${alias}.${property}`, column), select);
}

export function reviewFromRow(row: ReviewRow): ReviewDto {
  return {
    id: row.id,
    bookId: row.book_id,
    reviewer: row.reviewer,
    rate: row.rate,
    review: row.review,
    createdAt: row.created_at.toISOString(),
  };
}
