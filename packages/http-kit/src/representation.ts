import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createHash } from "node:crypto";
import { JSON_CONTENT_TYPE } from "./json-response";
import { headerOf } from "./request-header";

/**
 * A strong ETag (RFC 9110) of a representation: the SHA-256 of its bytes.
 * Whatever changes what a client is shown changes the tag, whoever made
 * the change (another release, a new review behind a book's count).
 */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** Whether an If-None-Match header (`*` or a list of tags) names `etag`, compared weakly as RFC 9110 asks. */
export function ifNoneMatchHas(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/**
 * A representation with its ETag: 200 with the body, or 304 without one
 * when the client's If-None-Match already names this representation.
 */
export function representationResponse(event: APIGatewayProxyEvent, representation: unknown): APIGatewayProxyResult {
  const body = JSON.stringify(representation);
  const etag = etagOf(body);
  if (ifNoneMatchHas(headerOf(event, "if-none-match"), etag)) return { statusCode: 304, headers: { "content-type": JSON_CONTENT_TYPE, etag }, body: "" };
  return { statusCode: 200, headers: { "content-type": JSON_CONTENT_TYPE, etag }, body };
}
