import { jsonResponse, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Book, runUnitOfWork } from "@bookstore/orm";
import { bookFromEntity } from "../book-dto";

/** GET /book/{id}: the book with its review count and average rate, in one query. */
export async function getBook({ event }: ApiRequest) {
  const id = readPathId(event);
  const { entities, raw } = await runUnitOfWork("read", (manager) =>
    manager
      .createQueryBuilder(Book, "book")
      .leftJoin("book.reviews", "review")
      .addSelect("COUNT(review.id)::int", "review_count")
      .addSelect("ROUND(AVG(review.rate), 2)::float8", "average_rate")
      .where("book.id = :id", { id })
      .groupBy("book.id")
      .getRawAndEntities<{ review_count: number; average_rate: number | null }>(),
  );
  const book = entities[0];
  const aggregates = raw[0];
  if (!book || !aggregates) throw notFound(`book ${id}`);
  return jsonResponse(200, {
    ...bookFromEntity(book),
    reviewCount: aggregates.review_count,
    averageRate: aggregates.average_rate,
  });
}
