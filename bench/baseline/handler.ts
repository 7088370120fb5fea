// The floor the project is measured against: a minimal Lambda handler on
// node-postgres alone, one connection per container, doing the same SQL as
// the project for the benchmarked routes: the same columns, the same
// conditions (a book being deleted is not shown), the same values written.
// No ORM, no validation, no logging.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, idleTimeoutMillis: 300_000 });
pool.on("error", () => undefined);

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(body),
});

const BOOK_COLUMNS = `"id", "title", "author", "publisher", "year", "isbn", "created_at", "updated_at", "deleted_at"`;

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const route = `${event.httpMethod} ${event.resource}`;
  if (route === "GET /book/{id}") {
    const { rows } = await pool.query(
      `SELECT b.${BOOK_COLUMNS.split(", ").join(", b.")}, COUNT(r."id")::int AS review_count, ROUND(AVG(r."rate"), 2)::float8 AS average_rate
         FROM "book" b LEFT JOIN "review" r ON r."book_id" = b."id" WHERE b."id" = $1 AND b."deleted_at" IS NULL GROUP BY b."id"`,
      [Number(event.pathParameters?.id)],
    );
    return rows[0] ? json(200, rows[0]) : json(404, { error: { code: "NOT_FOUND" } });
  }
  if (route === "GET /book") {
    const limit = Number(event.queryStringParameters?.limit ?? 20);
    const after = Number(event.queryStringParameters?.after ?? 0);
    const { rows } = await pool.query(`SELECT ${BOOK_COLUMNS} FROM "book" WHERE "id" > $1 AND "deleted_at" IS NULL ORDER BY "id" ASC LIMIT $2`, [after, limit + 1]);
    return json(200, { books: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1].id : null });
  }
  if (route === "POST /book") {
    const book = JSON.parse(event.body ?? "{}");
    const { rows } = await pool.query(
      `INSERT INTO "book" ("title", "author", "publisher", "year", "isbn") VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [book.title, book.author, book.publisher, book.year, book.isbn ?? null],
    );
    return json(201, rows[0]);
  }
  if (route === "POST /review") {
    const review = JSON.parse(event.body ?? "{}");
    const { rows } = await pool.query(
      `INSERT INTO "review" ("book_id", "reviewer", "rate", "review", "author_subject") VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [review.bookId, review.reviewer, review.rate, review.review ?? null, event.requestContext.authorizer?.claims?.sub],
    );
    return json(201, rows[0]);
  }
  return json(404, { error: { code: "NOT_FOUND" } });
}
