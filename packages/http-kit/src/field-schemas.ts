import * as z from "zod/mini";

// zod/mini: the same validation as zod's chained API, in a form bundlers can
// tree-shake — a function bundle carries a few kilobytes of it, not 470.

// Lone surrogates cannot be stored as UTF-8 and NUL cannot be stored in a
// PostgreSQL text value: reject both rather than store something else.
const storableText = (value: string): boolean => value.isWellFormed() && !value.includes("\u0000");

const wrongType = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${expected}`;

// What JSON Schema can say of the rules above: no NUL, and at least one
// character that is not white space (ECMAScript's \s is the set trim() removes).
const STORABLE_NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$";

/**
 * Required text stored verbatim (never trimmed), not blank, at most `max`
 * characters as PostgreSQL counts them (code points, not UTF-16 units; JSON
 * Schema's maxLength counts the same way).
 */
export function textField(max: number) {
  return z.string({ error: wrongType("a string") }).check(
    z.refine((value) => value.trim().length > 0, "must not be empty or blank"),
    z.refine((value) => [...value].length <= max, `must be at most ${max} characters`),
    z.refine(storableText, "must be valid Unicode text without NUL characters"),
    z.meta({
      minLength: 1,
      maxLength: max,
      pattern: STORABLE_NOT_BLANK,
      description: "not blank; no NUL characters or unpaired surrogates; stored exactly as sent",
    }),
  );
}

/** How the OpenAPI document names the size of an integer in [min, max]. */
export function integerFormat(min: number, max: number): "int32" | "int64" {
  return min >= -(2 ** 31) && max < 2 ** 31 ? "int32" : "int64";
}

/** A whole number in [min, max], from JSON. */
export function integerField(min: number, max: number) {
  return z
    .int({ error: (issue) => (typeof issue.input === "number" ? "must be a whole number" : wrongType("a number")(issue)) })
    .check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`), z.meta({ format: integerFormat(min, max) }));
}

// Decimal digits as an integer is written: no sign for zero, no leading zeros, no "+".
const CANONICAL_INTEGER = /^(0|-?[1-9]\d*)$/;

/**
 * A whole number in [min, max] given as a query or path string, written as
 * the OpenAPI document's `type: integer` is: canonical decimal digits.
 */
export function integerString(min: number, max: number) {
  return z
    .pipe(
      z.pipe(
        z.string({ error: wrongType("a whole number") }).check(z.regex(CANONICAL_INTEGER, "must be a whole number (digits, no leading zeros)")),
        // Beyond a double's range is simply out of range.
        z.transform((digits: string) => Math.min(Math.max(Number(digits), -Number.MAX_VALUE), Number.MAX_VALUE)),
      ),
      z.number().check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`)),
    )
    .check(
      z.meta({
        // Documented as what it is, an integer parameter, not as the digit string it arrives in.
        override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
          delete jsonSchema.pattern;
          Object.assign(jsonSchema, { type: "integer", format: integerFormat(min, max), minimum: min, maximum: max });
        },
      }),
    );
}
