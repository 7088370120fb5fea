import { z } from "zod";

// Lone surrogates cannot be stored as UTF-8 and NUL cannot be stored in a
// PostgreSQL text value: reject both rather than store something else.
const storableText = (value: string): boolean => value.isWellFormed() && !value.includes("\u0000");

/**
 * Required text stored verbatim (never trimmed), not blank, at most `max`
 * characters as PostgreSQL counts them (code points, not UTF-16 units).
 */
export function textField(max: number) {
  return z
    .string()
    .refine((value) => value.trim().length > 0, "must not be empty or blank")
    .refine((value) => [...value].length <= max, `must be at most ${max} characters`)
    .refine(storableText, "must be valid Unicode text without NUL characters")
    .meta({ maxLength: max, minLength: 1 });
}

/** A whole number in [min, max], from JSON. */
export function integerField(min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/** A whole number in [min, max] given as a query or path string. */
export function integerString(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d{1,16}$/, "must be a whole number")
    .transform(Number)
    .pipe(integerField(min, max));
}
