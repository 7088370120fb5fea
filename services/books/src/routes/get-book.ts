import { jsonResponse, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Book, compileQuery, runUnitOfWork } from "@bookstore/orm";
import { bookFromRow, selectBookColumns, type BookRow } from "../book-dto";

interface RatedBookRow extends BookRow {
  review_count: number;
  average_rate: number | null;
}

const selectRatedBook = compileQuery<{ id: number }, RatedBookRow>((manager, { id }) =>
  selectBookColumns(manager.createQueryBuilder(Book, "book"))
    .leftJoin("book.reviews", "review")
    .addSelect("COUNT(review.id)::int", "review_count")
    .addSelect("ROUND(AVG(review.rate), 2)::float8", "average_rate")
    .where("book.id = :id", { id })
    .groupBy("book.id"),
);

/** GET /book/{id}: the book with its review count and average rate, in one query. */
export async function getBook({ event }: ApiRequest) {
  const id = readPathId(event);
  const { rows } = await runUnitOfWork("read", (manager) => selectRatedBook(manager, { id }));
  const row = rows[0];
  if (!row) throw notFound(`book ${id}`);
  return jsonResponse(200, { ...bookFromRow(row), reviewCount: row.review_count, averageRate: row.average_rate });
}
