import { jsonResponse, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { Review, runUnitOfWork } from "@bookstore/orm";
import { reviewFromEntity } from "../review-dto";

/** GET /review/{id}. */
export async function getReview({ event }: ApiRequest) {
  const id = readPathId(event);
  const review = await runUnitOfWork("read", (manager) =>
    manager.createQueryBuilder(Review, "review").where("review.id = :id", { id }).getOne(),
  );
  if (!review) throw notFound(`review ${id}`);
  return jsonResponse(200, reviewFromEntity(review));
}
