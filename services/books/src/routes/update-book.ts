import { jsonResponse, notFound, parseInput, readJsonBody, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Book, compileQuery, runUnitOfWork } from "@bookstore/orm";
import { bookFromRow, type BookRow } from "../book-dto";
import { updateBookBody, type UpdateBookInput } from "../book-schemas";

const updateBookFields = compileQuery<UpdateBookInput & { id: number }, BookRow>((manager, { id, ...fields }) =>
  manager.createQueryBuilder().update(Book).set(fields).where("id = :id", { id }).returning("*"),
);

/** PATCH /book/{id}: one UPDATE … RETURNING; fields not sent keep their values. */
export async function updateBook({ event }: ApiRequest) {
  const id = readPathId(event);
  const patch = parseInput(updateBookBody, readJsonBody(event));
  const { rows } = await runUnitOfWork("write", (manager) => updateBookFields(manager, { ...patch, id }));
  const row = rows[0];
  if (!row) throw notFound(`book ${id}`);
  return jsonResponse(200, bookFromRow(row));
}
