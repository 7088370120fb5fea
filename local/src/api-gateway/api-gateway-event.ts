import type { APIGatewayProxyEvent } from "aws-lambda";
import type { IncomingHttpHeaders } from "node:http";
import type { MatchedRoute } from "./match-route";
import { splitRequestUrl } from "./split-request-url";

export interface HttpRequestParts {
  method: string;
  /** Path and query string as received, e.g. `/book?limit=5`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  requestId: string;
  stage: string;
  /** What the authorizer verified, when the method has one. */
  claims?: Record<string, string>;
}

function collect(entries: Iterable<[string, string]>) {
  const multi: Record<string, string[]> = {};
  for (const [name, value] of entries) (multi[name] ??= []).push(value);
  const names = Object.keys(multi);
  if (names.length === 0) return { single: null, multi: null };
  // API Gateway REST: the single-value map holds the last value given.
  const single = Object.fromEntries(names.map((name) => [name, multi[name]?.at(-1) as string]));
  return { single, multi };
}

function headerEntries(headers: IncomingHttpHeaders): Array<[string, string]> {
  return Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, item]),
  );
}

function isUtf8(body: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** The API Gateway REST (payload v1) proxy event for a request, as the Lambda proxy integration builds it. */
export function toApiGatewayEvent(request: HttpRequestParts, route: MatchedRoute): APIGatewayProxyEvent {
  const url = splitRequestUrl(request.url);
  const query = collect(url.query.entries());
  const headers = collect(headerEntries(request.headers));
  const binary = request.body.length > 0 && !isUtf8(request.body);
  const now = Date.now();
  return {
    resource: route.resource,
    path: url.path,
    httpMethod: request.method,
    headers: headers.single ?? {},
    multiValueHeaders: headers.multi ?? {},
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: route.pathParameters,
    stageVariables: null,
    body: request.body.length === 0 ? null : request.body.toString(binary ? "base64" : "utf8"),
    isBase64Encoded: binary,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: request.claims ? { claims: request.claims } : null,
      protocol: "HTTP/1.1",
      httpMethod: request.method,
      // As behind a custom domain: the public path is the resource path.
      path: url.path,
      stage: request.stage,
      requestId: request.requestId,
      requestTimeEpoch: now,
      resourceId: route.resource,
      resourcePath: route.resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: request.headers["user-agent"] ?? null,
        userArn: null,
      },
    },
  };
}
