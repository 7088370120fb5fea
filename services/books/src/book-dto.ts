import type { Book } from "@bookstore/orm";

export interface BookDto {
  id: number;
  title: string;
  author: string;
  publisher: string;
  year: number;
  createdAt: string;
  updatedAt: string;
}

/** A `book` row as RETURNING gives it (database column names). */
export interface BookRow {
  id: number;
  title: string;
  author: string;
  publisher: string;
  year: number;
  created_at: Date;
  updated_at: Date;
}

export function bookFromEntity(book: Book): BookDto {
  return {
    id: book.id,
    title: book.title,
    author: book.author,
    publisher: book.publisher,
    year: book.year,
    createdAt: book.createdAt.toISOString(),
    updatedAt: book.updatedAt.toISOString(),
  };
}

export function bookFromRow(row: BookRow): BookDto {
  return {
    id: row.id,
    title: row.title,
    author: row.author,
    publisher: row.publisher,
    year: row.year,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
