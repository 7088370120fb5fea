import * as z from "zod/mini";
import { integerString } from "./field-schemas";
import { CURSOR_MAX_LENGTH } from "./page-cursor";

export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

/** The query parameters of every paginated list (built anew for each list's schema). */
export const pageQueryFields = () => ({
  limit: z.optional(
    integerString(PAGE_LIMIT.min, PAGE_LIMIT.max).check(
      z.meta({ description: `page size, ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max} (default ${PAGE_LIMIT.default})` }),
    ),
  ),
  cursor: z.optional(
    z.string().check(
      z.minLength(1, "must not be empty; leave it out for the first page"),
      z.maxLength(CURSOR_MAX_LENGTH, `must be at most ${CURSOR_MAX_LENGTH} characters`),
      z.meta({ pattern: "^[A-Za-z0-9_-]+$", description: "nextCursor of the previous page, as given" }),
    ),
  ),
});
