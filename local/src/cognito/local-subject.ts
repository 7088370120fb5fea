import { createHash } from "node:crypto";

/** A stable subject per username, shaped like Cognito's (a UUID): a user keeps their reviews across restarts. */
export function localSubjectOf(username: string): string {
  const hex = createHash("sha256").update(`bookstore-local-user:${username}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
