// Counts the field schemas built, through the builders the schemas use.
const mockBuilt = { textField: 0, integerString: 0 };
jest.mock("@bookstore/http-kit", () => {
  const actual = jest.requireActual("@bookstore/http-kit");
  return {
    ...actual,
    textField: (...args: Parameters<typeof actual.textField>) => {
      mockBuilt.textField += 1;
      return actual.textField(...args);
    },
    integerString: (...args: Parameters<typeof actual.integerString>) => {
      mockBuilt.integerString += 1;
      return actual.integerString(...args);
    },
  };
});

import { parseInput } from "@bookstore/http-kit";
import { createBookBody, listBooksQuery } from "../src/book-schemas";

describe("book schemas, built on first use", () => {
  test("loading them builds none; each is built by its first use, once", () => {
    expect(mockBuilt).toEqual({ textField: 0, integerString: 0 });

    const book = { title: "Kindred", author: "Octavia E. Butler", publisher: "Doubleday", year: 1979 };
    expect(parseInput(createBookBody, book)).toEqual(book);
    expect(mockBuilt).toEqual({ textField: 3, integerString: 0 });
    parseInput(createBookBody, book);
    expect(mockBuilt).toEqual({ textField: 3, integerString: 0 });

    expect(parseInput(listBooksQuery, { author: "Octavia E. Butler", year: "1979" })).toEqual({ author: "Octavia E. Butler", year: 1979 });
    parseInput(listBooksQuery, {});
    expect(mockBuilt).toEqual({ textField: 3 + 3, integerString: 1 });
  });
});
