import { ApiError, decodeCursor, encodeCursor } from "../src";

describe("page cursors", () => {
  test("round-trip within the query they were issued for", () => {
    const cursor = encodeCursor("books:author=x", 1234);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor("books:author=x", cursor)).toBe(1234);
  });

  test.each([
    ["another query's cursor", () => decodeCursor("books:author=y", encodeCursor("books:author=x", 5))],
    ["an edited position", () => decodeCursor("s", Buffer.from(Buffer.from(encodeCursor("s", 5), "base64url").toString().replace(/^5/, "6")).toString("base64url"))],
    ["garbage", () => decodeCursor("s", "hello")],
    ["non-base64url characters", () => decodeCursor("s", "a+b/c=")],
    ["an empty cursor", () => decodeCursor("s", "")],
    ["a huge cursor", () => decodeCursor("s", "A".repeat(500))],
  ])("reject %s with 400 naming cursor", (_name, attempt) => {
    expect(attempt).toThrow(ApiError);
    expect(attempt).toThrow(expect.objectContaining({ status: 400, details: [expect.objectContaining({ field: "cursor" })] }));
  });
});
