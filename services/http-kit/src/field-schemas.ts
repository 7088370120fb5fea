import * as z from "zod/mini";

// zod/mini: the same validation as zod's chained API, in a form bundlers can
// tree-shake — a function bundle carries a few kilobytes of it, not 470.

// Lone surrogates cannot be stored as UTF-8 and NUL cannot be stored in a
// PostgreSQL text value: reject both rather than store something else.
const storableText = (value: string): boolean => value.isWellFormed() && !value.includes("\u0000");

const wrongType = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${expected}`;

/**
 * Required text stored verbatim (never trimmed), not blank, at most `max`
 * characters as PostgreSQL counts them (code points, not UTF-16 units).
 */
export function textField(max: number) {
  return z.string({ error: wrongType("a string") }).check(
    z.refine((value) => value.trim().length > 0, "must not be empty or blank"),
    z.refine((value) => [...value].length <= max, `must be at most ${max} characters`),
    z.refine(storableText, "must be valid Unicode text without NUL characters"),
    z.meta({ minLength: 1, maxLength: max }),
  );
}

/** A whole number in [min, max], from JSON. */
export function integerField(min: number, max: number) {
  return z
    .int({ error: (issue) => (typeof issue.input === "number" ? "must be a whole number" : wrongType("a number")(issue)) })
    .check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`));
}

/** A whole number in [min, max] given as a query or path string. */
export function integerString(min: number, max: number) {
  return z.pipe(
    z.pipe(z.string().check(z.regex(/^-?\d{1,16}$/, "must be a whole number")), z.transform(Number)),
    integerField(min, max),
  );
}
