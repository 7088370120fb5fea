import { jsonResponse, notFound, readPathId, type ApiRequest } from "@bookstore/http-kit";
import { compileQuery, Review, runUnitOfWork } from "@bookstore/orm";
import { reviewFromRow, selectReviewColumns, type ReviewRow } from "../review-dto";

const selectReview = compileQuery<{ id: number }, ReviewRow>((manager, { id }) =>
  selectReviewColumns(manager.createQueryBuilder(Review, "review").select([])).where("review.id = :id", { id }),
);

/** GET /review/{id}. */
export async function getReview({ event }: ApiRequest) {
  const id = readPathId(event);
  const { rows } = await runUnitOfWork("read", (manager) => selectReview(manager, { id }));
  const row = rows[0];
  if (!row) throw notFound(`review ${id}`);
  return jsonResponse(200, reviewFromRow(row));
}
