import type { SelectQueryBuilder } from "@bookstore/orm";

export interface BookDto {
  id: number;
  title: string;
  author: string;
  publisher: string;
  year: number;
  createdAt: string;
  updatedAt: string;
}

/** A `book` row under its column names, as RETURNING * and `selectBookColumns` give it. */
export interface BookRow {
  id: number;
  title: string;
  author: string;
  publisher: string;
  year: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ["id", "title", "author", "publisher", "year", "created_at", "updated_at"] as const;

/** Selects the book's columns under their own names, so every query yields a `BookRow`. */
export function selectBookColumns<Entity extends object>(select: SelectQueryBuilder<Entity>, alias = "book"): SelectQueryBuilder<Entity> {
  return COLUMNS.reduce((query, column, index) => {
    const expression = `${alias}.${column === "created_at" ? "createdAt" : column === "updated_at" ? "updatedAt" : column}`;
    return index === 0 ? query.select(expression, column) : query.addSelect(expression, column);
  }, select);
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
