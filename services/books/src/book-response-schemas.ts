import { entityShape, pageSchema } from "@bookstore/http-kit";
import { apiFieldsOf, Book } from "@bookstore/orm";
import * as z from "zod/mini";

// What the OpenAPI document says a response holds; the functions never load these.
const bookShape = entityShape(apiFieldsOf(Book));

export const bookSchema = z.object(bookShape).check(z.meta({ id: "Book" }));

export const bookWithRatingSchema = z
  .object({ ...bookShape, reviewCount: z.int().check(z.minimum(0), z.meta({ format: "int32" })), averageRate: z.nullable(z.number()) })
  .check(z.meta({ id: "BookWithRating" }));

export const bookPageSchema = pageSchema("books", bookSchema, "BookPage");
