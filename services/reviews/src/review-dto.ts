import type { Review } from "@bookstore/orm";

export interface ReviewDto {
  id: number;
  bookId: number;
  reviewer: string;
  rate: number;
  review: string | null;
  createdAt: string;
}

/** A `review` row under database column names, as RETURNING and raw selects give it. */
export interface ReviewRow {
  id: number;
  book_id: number;
  reviewer: string;
  rate: number;
  review: string | null;
  created_at: Date;
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

export function reviewFromEntity(review: Review): ReviewDto {
  return reviewFromRow({
    id: review.id,
    book_id: review.bookId,
    reviewer: review.reviewer,
    rate: review.rate,
    review: review.review,
    created_at: review.createdAt,
  });
}
