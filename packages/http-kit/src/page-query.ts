import * as z from "zod/mini";
import { integerString } from "./field-schemas";

export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

/** The query parameters of every paginated list. */
export const pageQueryFields = {
  limit: z.optional(
    integerString(PAGE_LIMIT.min, PAGE_LIMIT.max).check(
      z.meta({ description: `page size, ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max} (default ${PAGE_LIMIT.default})` }),
    ),
  ),
  cursor: z.optional(z.string().check(z.meta({ description: "nextCursor of the previous page, as given" }))),
};
