import { corsPreflightHeaders, corsResponseHeaders, JSON_CONTENT_TYPE, type FieldProblem, type OriginPolicy } from "@bookstore/http-kit";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { accessOf, ERROR_CODES, type ErrorCode, type ServiceName } from "@bookstore/api-contract";
import type { LocalUserPool } from "../cognito/local-user-pool";
import { userPoolAnswer } from "../cognito/user-pool-endpoints";
import { verifyBearer } from "../cognito/verify-bearer";
import { accessLogLine, type AccessLogValues } from "./access-log-line";
import { toApiGatewayEvent } from "./api-gateway-event";
import { docsFile } from "./docs-page";
import { lambdaContext } from "./lambda-context";
import { matchRoute } from "./match-route";
import { splitRequestUrl } from "./split-request-url";

export type LambdaHttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiServerOptions {
  handlers: Record<ServiceName, LambdaHttpHandler>;
  /** Served at GET /openapi.json when given. */
  openApiDocument?: unknown;
  /** Serves the interactive API reference at /docs (needs openApiDocument). */
  docs?: boolean;
  /** Browser origins answered with CORS headers (preflights here, as API Gateway does); none when absent. */
  allowedOrigins?: OriginPolicy;
  /**
   * Verifies the bearer token of every method that is not open to anyone,
   * as API Gateway's Cognito authorizer does, and serves the pool's keys
   * and sign-in beside the API. Without one, no request carries claims.
   */
  userPool?: LocalUserPool;
  /** Verify a token on reads too (the API stack's `requireSignInForReads`). */
  requireSignInForReads?: boolean;
  /** Receives each request's access log line, in the stage's access log format, once its answer is sent. */
  accessLog?: (line: string) => void;
}

// API Gateway's own limit on a request payload.
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

class RequestTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        request.removeAllListeners("data");
        request.resume();
        reject(new RequestTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": JSON_CONTENT_TYPE, ...headers });
  response.end(JSON.stringify(body));
}

function sendResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  response.writeHead(result.statusCode, headers);
  response.end(result.body === undefined ? "" : Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8"));
}

/**
 * An HTTP server that does what API Gateway and the Lambda proxy
 * integration do: route by resource and method (404 / 405 JSON otherwise),
 * build the proxy event, invoke the same handler module that is deployed,
 * and write back its status, headers and body.
 */
export function createApiServer(options: ApiServerOptions): Server {
  const allowed = options.allowedOrigins ?? (() => false);
  return createServer(async (request, response) => {
    const requestId = randomUUID();
    const startedAt = Date.now();
    const access: AccessLogValues = {
      "$context.requestId": requestId,
      "$context.requestTimeEpoch": startedAt,
      "$context.identity.sourceIp": request.socket.remoteAddress,
      "$context.httpMethod": request.method,
    };
    if (options.accessLog) {
      const write = options.accessLog;
      response.once("finish", () => {
        write(accessLogLine({ ...access, "$context.status": response.statusCode, "$context.responseLatency": Date.now() - startedAt }));
      });
    }
    const origin = request.headers.origin;
    // Answers made here rather than by a handler carry the CORS header too.
    const sendError = (code: ErrorCode, message: string, headers: Record<string, string> = {}, status: number = ERROR_CODES[code].status, details?: FieldProblem[]) =>
      sendJson(response, status, { error: { code, message, ...(details ? { details } : {}) }, requestId }, { ...corsResponseHeaders(allowed, origin), ...headers });
    try {
      const body = await readBody(request);
      const { path } = splitRequestUrl(request.url ?? "/");
      access["$context.path"] = path;
      const method = request.method ?? "GET";
      if (options.openApiDocument && path === "/openapi.json" && method === "GET") {
        sendJson(response, 200, options.openApiDocument, corsResponseHeaders(allowed, origin));
        return;
      }
      if (options.docs && path === "/" && method === "GET") {
        response.writeHead(302, { location: "/docs" });
        response.end();
        return;
      }
      const docs = options.docs && method === "GET" ? docsFile(path) : undefined;
      if (docs) {
        response.writeHead(200, { "content-type": docs.contentType, "cache-control": "no-cache" });
        response.end(docs.body);
        return;
      }
      const userPoolEndpoint = options.userPool && (await userPoolAnswer(options.userPool, method, path, body));
      if (userPoolEndpoint) {
        sendJson(response, userPoolEndpoint.status, userPoolEndpoint.body);
        return;
      }
      const route = matchRoute(path);
      if (!route) {
        sendError("NOT_FOUND", `no route for ${path}`);
        return;
      }
      access["$context.resourcePath"] = route.resource;
      if (method === "OPTIONS" && origin !== undefined && request.headers["access-control-request-method"]) {
        // A CORS preflight; API Gateway answers these itself, never the function.
        response.writeHead(204, allowed(origin) ? corsPreflightHeaders(origin, route.methods) : {});
        response.end();
        return;
      }
      if (!route.methods.includes(method)) {
        const allow = route.methods.join(", ");
        sendError("METHOD_NOT_ALLOWED", `${method} is not allowed on ${route.resource}; use ${allow}`, { allow });
        return;
      }
      let claims: Record<string, string> | undefined;
      if (options.userPool && (accessOf(route.resource, method) !== "anyone" || options.requireSignInForReads)) {
        const outcome = await verifyBearer(options.userPool, request.headers.authorization);
        if (!outcome.verified) {
          // RFC 6750: the error code only where a token was sent.
          const challenge = outcome.tokenSent ? `Bearer realm="bookstore", error="invalid_token", error_description="${outcome.reason}"` : 'Bearer realm="bookstore"';
          sendError("UNAUTHENTICATED", outcome.reason, { "www-authenticate": challenge }, undefined, [{ field: "Authorization", message: outcome.reason }]);
          return;
        }
        claims = outcome.claims;
        access["$context.authorizer.claims.sub"] = claims.sub;
      }
      const event = toApiGatewayEvent(
        { method, url: request.url ?? "/", headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? "127.0.0.1", requestId, stage: "local", claims },
        route,
      );
      const invokedAt = Date.now();
      access["$context.awsEndpointRequestId"] = requestId;
      const result = await options.handlers[route.service](event, lambdaContext(`bookstore-${route.service}`, requestId)).finally(() => {
        access["$context.integrationLatency"] = Date.now() - invokedAt;
      });
      sendResult(response, result);
    } catch (error) {
      if (error instanceof RequestTooLarge) {
        sendError("PAYLOAD_TOO_LARGE", `requests are limited to ${MAX_REQUEST_BYTES} bytes`);
        return;
      }
      // What API Gateway answers when the function itself fails: 502, not the function's 500.
      console.error(JSON.stringify({ level: "ERROR", message: "handler failed", requestId, error: String(error) }));
      sendError("INTERNAL", "internal error", {}, 502);
    }
  });
}
