import { parseInput } from "@bookstore/http-kit";
import { createBookBody, listBooksQuery, updateBookBody } from "../src/book-schemas";

const fieldsNamed = (attempt: () => unknown): string[] => {
  try {
    attempt();
  } catch (error) {
    return ((error as { details?: Array<{ field: string }> }).details ?? []).map((detail) => detail.field);
  }
  throw new Error("expected a validation failure");
};

describe("book schemas", () => {
  const book = { title: "Kindred", author: "Octavia E. Butler", publisher: "Doubleday", year: 1979 };

  test("a valid book passes unchanged, strings untrimmed", () => {
    expect(parseInput(createBookBody, { ...book, title: " Kindred " })).toEqual({ ...book, title: " Kindred " });
  });

  test("names every bad field at once", () => {
    expect(fieldsNamed(() => parseInput(createBookBody, { title: "", year: 3000, extra: 1 })).sort()).toEqual(
      ["author", "extra", "publisher", "title", "year"].sort(),
    );
  });

  test("a patch needs at least one known field", () => {
    expect(parseInput(updateBookBody, { year: 1980 })).toEqual({ year: 1980 });
    expect(fieldsNamed(() => parseInput(updateBookBody, {}))).toEqual(["body"]);
  });

  test("query strings become numbers within range", () => {
    expect(parseInput(listBooksQuery, { limit: "50", year: "1999" })).toEqual({ limit: 50, year: 1999 });
    expect(fieldsNamed(() => parseInput(listBooksQuery, { limit: "500", year: "x" })).sort()).toEqual(["limit", "year"]);
  });
});
