import { EDITORS_GROUP, type Access } from "@bookstore/api-contract";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { ApiError } from "./api-error";

/** Who sent a request, from the claims API Gateway's authorizer verified. */
export interface Caller {
  /** The user pool's stable id of the user (`sub`). */
  subject: string;
  username: string;
  groups: readonly string[];
}

// API Gateway passes each claim as a string: a list of groups as
// `editors,admins` (REST APIs) or `[editors admins]` (as some tools show it).
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === "string");
  if (typeof claim !== "string") return [];
  const list = claim.startsWith("[") && claim.endsWith("]") ? claim.slice(1, -1) : claim;
  return list.split(/[,\s]+/).filter(Boolean);
}

/**
 * The caller API Gateway vouches for: only `requestContext.authorizer.claims`,
 * which no client can set, never a header the function would have to
 * verify itself. Undefined when the method had no authorizer or no subject.
 */
export function callerOf(event: APIGatewayProxyEvent): Caller | undefined {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const subject = claims?.sub;
  if (typeof subject !== "string" || subject === "") return undefined;
  const username = claims?.["cognito:username"] ?? claims?.username;
  return { subject, username: typeof username === "string" ? username : subject, groups: groupsOf(claims?.["cognito:groups"]) };
}

export const isEditor = (caller: Caller): boolean => caller.groups.includes(EDITORS_GROUP);

/** 401 with the challenge RFC 6750 asks for. */
export function unauthenticated(message = "sign in first: send Authorization: Bearer <token>"): ApiError {
  return new ApiError("UNAUTHENTICATED", message, [{ field: "Authorization", message: "a valid bearer token is required" }], {
    "www-authenticate": 'Bearer realm="bookstore"',
  });
}

/**
 * The caller of a method that needs `access`, or a 401 (no verified
 * identity) / 403 (not allowed) ApiError. Anyone may call an `anyone`
 * method; the caller is then whoever the claims say, if anyone.
 */
export function authorize(event: APIGatewayProxyEvent, access: Access): Caller | undefined {
  const caller = callerOf(event);
  if (access === "anyone") return caller;
  if (!caller) throw unauthenticated();
  if (access === "editors" && !isEditor(caller)) throw new ApiError("FORBIDDEN", `only members of the ${EDITORS_GROUP} group may do this`);
  return caller;
}
