import { corsResponseHeaders, originPolicy } from "../src/cors";

describe("originPolicy", () => {
  const policy = originPolicy(" https://app.example.com/ , http://localhost:* ,");

  test.each([
    ["https://app.example.com", true],
    ["http://localhost:3000", true],
    ["http://localhost:65535", true],
    ["https://app.example.com:443", false],
    ["http://app.example.com", false],
    ["https://localhost:3000", false],
    ["http://localhost", false],
    ["http://localhost:", false],
    ["http://localhost:3000.evil.example", false],
    ["http://localhost.evil.example:3000", false],
    ["null", false],
    [undefined, false],
  ])("%s → %s", (origin, allowed) => {
    expect(policy(origin)).toBe(allowed);
  });

  test("an empty or absent list allows nothing", () => {
    expect(originPolicy(undefined)("http://localhost:3000")).toBe(false);
    expect(originPolicy("")("http://localhost:3000")).toBe(false);
  });

  test("the response header echoes an allowed origin only", () => {
    expect(corsResponseHeaders(policy, "http://localhost:8080")).toEqual({
      "access-control-allow-origin": "http://localhost:8080",
      "access-control-expose-headers": "etag, location, retry-after, idempotent-replayed",
      vary: "Origin",
    });
    expect(corsResponseHeaders(policy, "https://evil.example")).toEqual({});
  });
});
