import { noContent, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { compileQuery, Review, runUnitOfWork } from "@bookstore/orm";

const deleteReviewById = compileQuery<{ id: number }>((manager, { id }) =>
  manager.createQueryBuilder().delete().from(Review).where("id = :id", { id }),
);

/** DELETE /review/{id}: one DELETE. */
export async function deleteReview({ event }: ApiRequest) {
  const id = readPathId(event);
  const { affected } = await runUnitOfWork("write", (manager) => deleteReviewById(manager, { id }));
  if (!affected) throw notFound(`review ${id}`);
  return noContent();
}
