import { parseInput } from "@bookstore/http-kit";
import { createReviewBody, listReviewsQuery } from "../src/review-schemas";

describe("review schemas", () => {
  test("review text is optional and may be null", () => {
    expect(parseInput(createReviewBody, { bookId: 1, reviewer: "r", rate: 1 })).toEqual({ bookId: 1, reviewer: "r", rate: 1 });
    expect(parseInput(createReviewBody, { bookId: 1, reviewer: "r", rate: 5, review: null })).toMatchObject({ review: null });
  });

  test.each([0, 6, 3.5, "3", null])("rate %j is rejected", (rate) => {
    expect(() => parseInput(createReviewBody, { bookId: 1, reviewer: "r", rate })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: "rate" })] }),
    );
  });

  test("bookId is required to list", () => {
    expect(() => parseInput(listReviewsQuery, {})).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: "bookId" })] }));
    expect(parseInput(listReviewsQuery, { bookId: "7", limit: "3" })).toEqual({ bookId: 7, limit: 3 });
  });
});
