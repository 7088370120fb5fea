import type { APIGatewayProxyEvent } from "aws-lambda";
import { toApiGatewayEvent } from "./api-gateway-event";
import { matchRoute } from "./match-route";

export interface Invocation {
  method: string;
  /** Path and query string, e.g. `/book?limit=20`. */
  url: string;
  /** Sent as a JSON body when given. */
  body?: unknown;
  requestId?: string;
}

/**
 * The proxy event API Gateway would send for a request, built without an
 * HTTP server: for invoking handlers directly (tests, benchmarks).
 */
export function invocationEvent({ method, url, body, requestId = "direct-invocation" }: Invocation): APIGatewayProxyEvent {
  const path = url.split("?")[0] as string;
  const route = matchRoute(path);
  if (!route) throw new Error(`no route for ${path}`);
  return toApiGatewayEvent(
    {
      method,
      url,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
      sourceIp: "127.0.0.1",
      requestId,
      stage: "direct",
    },
    route,
  );
}
