import { ApiError, decodeCursor as decodeWithin, encodeCursor } from "../src";

const MAX_ID = 2_147_483_647;
const decodeCursor = (scope: string, cursor: string) => decodeWithin(scope, cursor, MAX_ID);

describe("page cursors", () => {
  test("round-trip within the query they were issued for", () => {
    const cursor = encodeCursor("books:author=x", 1234);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor("books:author=x", cursor)).toBe(1234);
    expect(decodeCursor("s", encodeCursor("s", MAX_ID))).toBe(MAX_ID);
  });

  test.each([
    ["another query's cursor", () => decodeCursor("books:author=y", encodeCursor("books:author=x", 5))],
    ["an edited position", () => decodeCursor("s", Buffer.from(Buffer.from(encodeCursor("s", 5), "base64url").toString().replace(/^5/, "6")).toString("base64url"))],
    ["garbage", () => decodeCursor("s", "hello")],
    ["non-base64url characters", () => decodeCursor("s", "a+b/c=")],
    ["an empty cursor", () => decodeCursor("s", "")],
    ["a huge cursor", () => decodeCursor("s", "A".repeat(500))],
    ["a well-formed cursor past the key's range", () => decodeCursor("s", encodeCursor("s", MAX_ID + 1))],
  ])("reject %s with 400 naming cursor", (_name, attempt) => {
    expect(attempt).toThrow(ApiError);
    expect(attempt).toThrow(expect.objectContaining({ status: 400, details: [expect.objectContaining({ field: "cursor" })] }));
  });
});
