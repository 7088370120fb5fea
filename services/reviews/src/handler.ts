import { createHttpHandler } from "@bookstore/http-kit";
import { warmUpDataSource } from "@bookstore/orm";
import { createReview } from "./routes/create-review";
import { deleteReview } from "./routes/delete-review";
import { getReview } from "./routes/get-review";
import { listReviews } from "./routes/list-reviews";

// Connect while Lambda initializes the container, not on the first request.
warmUpDataSource();

export const handler = createHttpHandler("reviews", {
  "/review": { GET: listReviews, POST: createReview, PUT: createReview },
  "/review/{id}": { GET: getReview, DELETE: deleteReview },
});
