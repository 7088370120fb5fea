import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { hash } from "node:crypto";
import { validationFailed } from "./api-error";
import { JSON_CONTENT_TYPE } from "./json-response";
import { headerOf } from "./request-header";

/**
 * A strong ETag (RFC 9110) of a representation: the SHA-256 of its bytes.
 * Whatever changes what a client is shown changes the tag, whoever made
 * the change (another release, a new review behind a book's count).
 */
export function etagOf(body: string): string {
  return `"${hash("sha256", body, "base64url").slice(0, 27)}"`;
}

/** An entity-tag as RFC 9110 writes it: optionally W/, then a quoted string of visible characters but `"`. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** The members of an If-Match or If-None-Match list: `*`, or entity-tags; undefined without the header. */
function entityTagsOf(event: APIGatewayProxyEvent, header: "if-match" | "if-none-match"): string[] | undefined {
  const value = headerOf(event, header);
  if (value === undefined) return undefined;
  const members = value.split(",").map((member) => member.trim());
  if (members.some((member) => member !== "*" && !ENTITY_TAG.test(member))) {
    throw validationFailed([{ field: header === "if-match" ? "If-Match" : "If-None-Match", message: 'must be * or a list of entity tags ("…" or W/"…")' }]);
  }
  return members;
}

/** An entity-tag without its weakness indicator: what a weak comparison compares. */
function opaqueTag(tag: string): string {
  return tag.replace(/^W\//, "");
}

/** Whether an If-None-Match header (`*` or a list of tags) names `etag`, compared weakly as RFC 9110 asks. */
function ifNoneMatchHas(event: APIGatewayProxyEvent, etag: string): boolean {
  return (entityTagsOf(event, "if-none-match") ?? []).some((tag) => tag === "*" || opaqueTag(tag) === opaqueTag(etag));
}

/**
 * The If-Match precondition of a write, as a test of the resource's current
 * representation (what GET would show), or undefined when the request has
 * none. Strong comparison (RFC 9110): a weak tag never matches; `*` matches
 * any current representation. The store runs the test on the state it is
 * about to change, in the same transaction as the change.
 */
export function ifMatchOf(event: APIGatewayProxyEvent): ((representation: unknown) => boolean) | undefined {
  const tags = entityTagsOf(event, "if-match");
  if (tags === undefined) return undefined;
  return (representation) => tags.includes("*") || tags.includes(etagOf(JSON.stringify(representation)));
}

/** A representation with its ETag, as the answer to a write that produced it. */
export function taggedResponse(statusCode: number, representation: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  const body = JSON.stringify(representation);
  return { statusCode, headers: { "content-type": JSON_CONTENT_TYPE, etag: etagOf(body), ...headers }, body };
}

/**
 * A representation with its ETag: 200 with the body, or 304 without one
 * when the client's If-None-Match already names this representation.
 */
export function representationResponse(event: APIGatewayProxyEvent, representation: unknown): APIGatewayProxyResult {
  const answer = taggedResponse(200, representation);
  const etag = answer.headers?.etag as string;
  if (ifNoneMatchHas(event, etag)) return { ...answer, statusCode: 304, body: "" };
  return answer;
}
