import type { APIGatewayProxyEvent } from "aws-lambda";
import { ApiError, MAX_BODY_BYTES, readJsonBody } from "../src";

const event = (body: string | null, headers: Record<string, string> = { "Content-Type": "application/json" }, isBase64Encoded = false) =>
  ({ body, headers, isBase64Encoded }) as unknown as APIGatewayProxyEvent;

const failure = (attempt: () => unknown) => {
  try {
    attempt();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected a failure");
};

describe("reading a JSON body", () => {
  test("parses an object; header names are case-insensitive", () => {
    expect(readJsonBody(event('{"a":1}'))).toEqual({ a: 1 });
    expect(readJsonBody(event('{"a":1}', { "content-type": "application/json; charset=utf-8" }))).toEqual({ a: 1 });
  });

  test("decodes base64 bodies", () => {
    expect(readJsonBody(event(Buffer.from('{"b":2}').toString("base64"), undefined, true))).toEqual({ b: 2 });
  });

  test("a text body's unpaired surrogates become U+FFFD, as UTF-8 bytes would", () => {
    expect(readJsonBody(event('{"a":"x\ud800y","b":"\ud83d\ude00"}'))).toEqual({ a: "x\ufffdy", b: "\ud83d\ude00" });
    expect(readJsonBody(event('{"a":"x\\ud800y"}'))).toEqual({ a: "x\ud800y" });
  });

  test("the limit counts a text body's UTF-8 bytes, not its characters", () => {
    const multiByte = (characters: number) => event(`{"a":"${"é".repeat(characters)}"}`);
    const limit = (MAX_BODY_BYTES - '{"a":""}'.length) / 2;
    expect(readJsonBody(multiByte(limit))).toEqual({ a: "é".repeat(limit) });
    expect(failure(() => readJsonBody(multiByte(limit + 1)))).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
  });

  test.each([
    ["no body", 400, "INVALID_JSON", event(null)],
    ["malformed JSON", 400, "INVALID_JSON", event("{")],
    ["base64 of bytes that are not UTF-8", 400, "INVALID_JSON", event(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]).toString("base64"), undefined, true)],
    ["an empty base64 body", 400, "INVALID_JSON", event("", undefined, true)],
    ["an array", 400, "INVALID_JSON", event("[]")],
    ["no content type", 415, "UNSUPPORTED_MEDIA_TYPE", event("{}", {})],
    ["text/plain", 415, "UNSUPPORTED_MEDIA_TYPE", event("{}", { "content-type": "text/plain" })],
    ["over 64 KB", 413, "PAYLOAD_TOO_LARGE", event(`{"a":"${"x".repeat(MAX_BODY_BYTES)}"}`)],
  ] as const)("%s → %i %s", (_name, status, code, input) => {
    expect(failure(() => readJsonBody(input))).toMatchObject({ status, code });
  });
});
