import { accessOf, EDITORS_GROUP } from "@bookstore/api-contract";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { localSubjectOf } from "../cognito/local-subject";
import { toApiGatewayEvent } from "./api-gateway-event";
import { matchRoute } from "./match-route";

export interface Invocation {
  method: string;
  /** Path and query string, e.g. `/book?limit=20`. */
  url: string;
  /** Sent as a JSON body when given. */
  body?: unknown;
  /** Request headers besides the body's content type (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  requestId?: string;
  /**
   * The claims the authorizer passes on a method that needs a token: an
   * editor's by default; null for none (the function must then answer 401).
   */
  claims?: Record<string, string> | null;
}

/** The claims API Gateway's authorizer passes for a user (as strings, groups joined with commas). */
function claimsFor(username: string, groups: readonly string[] = []): Record<string, string> {
  return {
    sub: localSubjectOf(username),
    "cognito:username": username,
    token_use: "id",
    ...(groups.length > 0 ? { "cognito:groups": groups.join(",") } : {}),
  };
}

const EDITOR_CLAIMS = claimsFor("direct-invocation", [EDITORS_GROUP]);

/**
 * The proxy event API Gateway would send for a request, after its
 * authorizer, built without an HTTP server: for invoking handlers directly
 * (tests, benchmarks).
 */
export function invocationEvent({ method, url, body, headers = {}, requestId = "direct-invocation", claims = EDITOR_CLAIMS }: Invocation): APIGatewayProxyEvent {
  const path = url.split("?")[0] as string;
  const route = matchRoute(path);
  if (!route) throw new Error(`no route for ${path}`);
  return toApiGatewayEvent(
    {
      method,
      url,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
      sourceIp: "127.0.0.1",
      requestId,
      stage: "direct",
      claims: accessOf(route.resource, method) === "anyone" || claims === null ? undefined : claims,
    },
    route,
  );
}
