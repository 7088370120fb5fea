import { Pool } from "pg";

let pool: Pool | undefined;

/** Queries as the schema owner, for checks behind the API's back (row counts, privileges). */
export async function ownerQuery<Row extends Record<string, unknown> = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  pool ??= new Pool({ connectionString: process.env.TEST_OWNER_DATABASE_URL, max: 2 });
  const result = await pool.query<Row>(sql, params);
  return result.rows;
}

export async function rowCounts(): Promise<{ books: number; reviews: number }> {
  const [row] = await ownerQuery<{ books: number; reviews: number }>(
    "SELECT (SELECT count(*) FROM book)::int AS books, (SELECT count(*) FROM review)::int AS reviews",
  );
  return row as { books: number; reviews: number };
}

export async function closeOwnerPool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

/** Reviews written behind the API's back, in batches DSQL's row limit allows. */
export async function addReviews(bookId: number, count: number): Promise<void> {
  for (let first = 1; first <= count; first += 2_500) {
    await ownerQuery("INSERT INTO review (book_id, reviewer, rate) SELECT $1, 'Reviewer ' || g, 1 + g % 5 FROM generate_series($2::int, $3::int) g", [
      bookId,
      first,
      Math.min(count, first + 2_499),
    ]);
  }
}
