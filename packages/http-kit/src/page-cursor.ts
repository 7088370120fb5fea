import { hash } from "node:crypto";
import { ApiError } from "./api-error";

/** A cursor is base64url of "<id>.<check>": far shorter than this. */
export const CURSOR_MAX_LENGTH = 64;

// A check over the position and the query it belongs to. Not a secret: a
// cursor only says where a page of public data starts. It catches cursors
// that were edited, truncated, or taken from a different query.
function check(scope: string, afterId: number): string {
  return hash("sha256", `${scope}\n${afterId}`, "base64url").slice(0, 12);
}

/** An opaque cursor for the page after `afterId`, bound to `scope` (route and filters). */
export function encodeCursor(scope: string, afterId: number): string {
  return Buffer.from(`${afterId}.${check(scope, afterId)}`, "utf8").toString("base64url");
}

/**
 * The id after which the page starts, or 400 naming `cursor` for anything
 * this API did not issue for this query, or an id past `maxId` (the key's
 * range), before any query is made.
 */
export function decodeCursor(scope: string, cursor: string, maxId: number): number {
  const invalid = new ApiError("VALIDATION_FAILED", "invalid cursor", [
    { field: "cursor", message: "is not a cursor issued for this query; start again without it" },
  ]);
  if (cursor.length > CURSOR_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{12})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const afterId = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(afterId) || afterId > maxId || match[2] !== check(scope, afterId)) throw invalid;
  return afterId;
}
