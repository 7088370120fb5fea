import { jsonResponse, notFound, parseInput, readJsonBody, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Book, runUnitOfWork } from "@bookstore/orm";
import { bookFromRow, type BookRow } from "../book-dto";
import { updateBookBody } from "../book-schemas";

/** PATCH /book/{id}: one UPDATE … RETURNING; fields not sent keep their values. */
export async function updateBook({ event }: ApiRequest) {
  const id = readPathId(event);
  const patch = parseInput(updateBookBody, readJsonBody(event));
  const result = await runUnitOfWork("write", (manager) =>
    manager
      .createQueryBuilder()
      .update(Book)
      .set(patch)
      .where("id = :id", { id })
      .returning("*")
      .updateEntity(false)
      .execute(),
  );
  const row = (result.raw as BookRow[])[0];
  if (!row) throw notFound(`book ${id}`);
  return jsonResponse(200, bookFromRow(row));
}
