import * as z from "zod/mini";

// Digits, and an X as the check digit of an ISBN-10, in groups separated by
// hyphens or spaces (as printed: 978-0-385-12167-4, 0 385 12167 X).
const WRITTEN_ISBN = /^[0-9](?:[- ]?[0-9]){8}(?:[- ]?[0-9Xx])(?:(?:[- ]?[0-9]){3})?$/;
/** The longest way to write one: 13 digits and a separator between each two. */
export const ISBN_MAX_WRITTEN_LENGTH = 25;

function isbn13CheckDigit(first12: string): number {
  const sum = [...first12].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

function isValidIsbn10(digits: string): boolean {
  const sum = [...digits].reduce((total, char, index) => total + (char === "X" ? 10 : Number(char)) * (10 - index), 0);
  return sum % 11 === 0 && !digits.slice(0, 9).includes("X");
}

/**
 * An ISBN as stored: its 13 digits (an ISBN-10 as the ISBN-13 with the
 * 978 prefix it has had since 2007). Undefined when the text is not an
 * ISBN-13 or ISBN-10 whose check digit is right.
 */
export function normalizeIsbn(written: string): string | undefined {
  if (!WRITTEN_ISBN.test(written)) return undefined;
  const digits = written.replace(/[- ]/g, "").toUpperCase();
  if (digits.length === 13) {
    const valid = !digits.includes("X") && /^97[89]/.test(digits) && isbn13CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
    return valid ? digits : undefined;
  }
  if (digits.length !== 10 || !isValidIsbn10(digits)) return undefined;
  const first12 = `978${digits.slice(0, 9)}`;
  return `${first12}${isbn13CheckDigit(first12)}`;
}

/** An ISBN-13 or ISBN-10 as a client writes it, read as its 13 digits; 400 naming the field otherwise. */
export function isbnField() {
  return z.pipe(
    z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") }).check(
      z.minLength(10, "must be an ISBN-13 or ISBN-10 (at least 10 characters)"),
      z.maxLength(ISBN_MAX_WRITTEN_LENGTH, `must be at most ${ISBN_MAX_WRITTEN_LENGTH} characters`),
      z.refine((text) => normalizeIsbn(text) !== undefined, "must be an ISBN-13 or ISBN-10 with a correct check digit (digits, hyphens or spaces; X as an ISBN-10's check digit)"),
      z.meta({
        // A format of this API's own: the pattern, and a check digit JSON Schema cannot state.
        format: "isbn",
        pattern: "^[0-9](?:[- ]?[0-9]){8}(?:[- ]?[0-9Xx])(?:(?:[- ]?[0-9]){3})?$",
        description: "ISBN-13 or ISBN-10, hyphens and spaces allowed; stored and shown as its 13 digits",
        example: "978-0-306-40615-7",
      }),
    ),
    z.transform((text: string) => normalizeIsbn(text) as string),
  );
}
