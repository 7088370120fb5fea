import { integerField, integerString, pageQueryFields, pathIdParameter, textField } from "@bookstore/http-kit";
import { Book, BOOK_LIMITS, MAX_ENTITY_ID, maxLengthOf } from "@bookstore/orm";
import * as z from "zod/mini";
import type { output } from "zod/v4/core";
import { isbnField } from "./isbn";

/** The `{id}` of /book/{id}: a key of the book table, else 400 naming `id`. */
export const bookIdPath = pathIdParameter("id", MAX_ENTITY_ID);
export const readBookId = bookIdPath.read;

// What a request may send (responses: book-response-schemas.ts). Each schema
// is built when a request (or the OpenAPI document) first uses it: a cold
// start builds only the schemas of the route it serves.
const bookFields = () => ({
  title: textField(maxLengthOf(Book, "title")),
  author: textField(maxLengthOf(Book, "author")),
  publisher: textField(maxLengthOf(Book, "publisher")),
  year: integerField(BOOK_LIMITS.yearMin, BOOK_LIMITS.yearMax),
  isbn: z.optional(z.nullable(isbnField())),
});

export const createBookBody = z.lazy(() => z.strictObject(bookFields()).check(z.meta({ id: "NewBook" })));

export const updateBookBody = z.lazy(() => {
  const fields = bookFields();
  return z.partial(z.strictObject(fields)).check(
    z.refine((patch) => Object.keys(patch).length > 0, `must set at least one of ${Object.keys(fields).join(", ")}`),
    z.meta({ id: "BookPatch", minProperties: 1 }),
  );
});

export const listBooksQuery = z.lazy(() => {
  const { author, publisher } = bookFields();
  return z.strictObject({
    ...pageQueryFields(),
    author: z.optional(author),
    publisher: z.optional(publisher),
    year: z.optional(integerString(BOOK_LIMITS.yearMin, BOOK_LIMITS.yearMax)),
    isbn: z.optional(isbnField()),
  });
});

export type CreateBookInput = output<typeof createBookBody>;
export type UpdateBookInput = output<typeof updateBookBody>;
