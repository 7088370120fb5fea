import { integerField, integerString, textField } from "@bookstore/http-kit";
import { BOOK_LIMITS } from "@bookstore/orm";
import { z } from "zod";

const year = integerField(BOOK_LIMITS.yearMin, BOOK_LIMITS.yearMax);

const bookFields = {
  title: textField(BOOK_LIMITS.titleLength),
  author: textField(BOOK_LIMITS.authorLength),
  publisher: textField(BOOK_LIMITS.publisherLength),
  year,
};

export const createBookBody = z.strictObject(bookFields).meta({ id: "NewBook" });

export const updateBookBody = z
  .strictObject({
    title: bookFields.title.optional(),
    author: bookFields.author.optional(),
    publisher: bookFields.publisher.optional(),
    year: year.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "must set at least one of title, author, publisher, year")
  .meta({ id: "BookPatch" });

export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

export const pageQueryFields = {
  limit: integerString(PAGE_LIMIT.min, PAGE_LIMIT.max).optional().meta({ description: "page size, 1 to 100 (default 20)" }),
  cursor: z.string().optional().meta({ description: "nextCursor of the previous page" }),
};

export const listBooksQuery = z.strictObject({
  ...pageQueryFields,
  author: textField(BOOK_LIMITS.authorLength).optional(),
  publisher: textField(BOOK_LIMITS.publisherLength).optional(),
  year: integerString(BOOK_LIMITS.yearMin, BOOK_LIMITS.yearMax).optional(),
});

export const bookSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    author: z.string(),
    publisher: z.string(),
    year: z.number().int(),
    createdAt: z.string().meta({ format: "date-time" }),
    updatedAt: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "Book" });

export const bookWithRatingSchema = bookSchema
  .extend({
    reviewCount: z.number().int(),
    averageRate: z.number().nullable(),
  })
  .meta({ id: "BookWithRating" });

export const bookPageSchema = z
  .object({ books: z.array(bookSchema), nextCursor: z.string().nullable() })
  .meta({ id: "BookPage" });

export type CreateBookInput = z.output<typeof createBookBody>;
export type UpdateBookInput = z.output<typeof updateBookBody>;
