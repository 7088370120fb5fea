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

  test.each([
    ["no body", event(null), 400, "INVALID_JSON"],
    ["malformed JSON", event("{"), 400, "INVALID_JSON"],
    ["an array", event("[]"), 400, "INVALID_JSON"],
    ["no content type", event("{}", {}), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["text/plain", event("{}", { "content-type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["over 64 KB", event(`{"a":"${"x".repeat(MAX_BODY_BYTES)}"}`), 413, "PAYLOAD_TOO_LARGE"],
  ])("%s → %i %s", (_name, input, status, code) => {
    expect(failure(() => readJsonBody(input))).toMatchObject({ status, code });
  });
});
