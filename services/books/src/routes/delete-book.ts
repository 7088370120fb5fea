import { noContent, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Book, runUnitOfWork } from "@bookstore/orm";

/** DELETE /book/{id}: one DELETE; the foreign key cascades to the book's reviews. */
export async function deleteBook({ event }: ApiRequest) {
  const id = readPathId(event);
  const result = await runUnitOfWork("write", (manager) =>
    manager.createQueryBuilder().delete().from(Book).where("id = :id", { id }).execute(),
  );
  if (!result.affected) throw notFound(`book ${id}`);
  return noContent();
}
