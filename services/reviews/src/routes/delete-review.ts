import { noContent, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Review, runUnitOfWork } from "@bookstore/orm";

/** DELETE /review/{id}: one DELETE. */
export async function deleteReview({ event }: ApiRequest) {
  const id = readPathId(event);
  const result = await runUnitOfWork("write", (manager) =>
    manager.createQueryBuilder().delete().from(Review).where("id = :id", { id }).execute(),
  );
  if (!result.affected) throw notFound(`review ${id}`);
  return noContent();
}
