import { entityShape, pageSchema } from "@bookstore/http-kit";
import { apiFieldsOf, Review } from "@bookstore/orm";
import * as z from "zod/mini";

// What the OpenAPI document says a response holds; the functions never load these.
export const reviewSchema = z.object(entityShape(apiFieldsOf(Review))).check(z.meta({ id: "Review" }));

export const reviewPageSchema = pageSchema("reviews", reviewSchema, "ReviewPage");
