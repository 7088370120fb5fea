import { noContent, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Book, compileQuery, runUnitOfWork } from "@bookstore/orm";

const deleteBookById = compileQuery<{ id: number }>((manager, { id }) =>
  manager.createQueryBuilder().delete().from(Book).where("id = :id", { id }),
);

/** DELETE /book/{id}: one DELETE; the foreign key cascades to the book's reviews. */
export async function deleteBook({ event }: ApiRequest) {
  const id = readPathId(event);
  const { affected } = await runUnitOfWork("write", (manager) => deleteBookById(manager, { id }));
  if (!affected) throw notFound(`book ${id}`);
  return noContent();
}
