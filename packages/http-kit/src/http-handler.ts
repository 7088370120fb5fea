import { LogLevelThreshold, type Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { accessOf, INTEGRATION_TIMEOUT_SECONDS } from "@bookstore/api-contract";
import { ApiError } from "./api-error";
import { answerAppError } from "./app-error-answers";
import { authorize, callerOf, unauthenticated, type Caller } from "./caller";
import { corsResponseHeaders, originPolicy, type OriginPolicy } from "./cors";
import { jsonResponse } from "./json-response";
import { headerOf } from "./request-header";
import { createLogger, loggableError } from "./logger";
import { AppError, DatabaseUnavailableError, environment, setWorkDeadline } from "@bookstore/orm";
import { configureTelemetry, telemetry } from "@bookstore/telemetry";

export interface ApiRequest {
  event: APIGatewayProxyEvent;
  requestId: string;
  /** Who sent it, as the authorizer verified; always set on a method that is not open to anyone. */
  caller: Caller | undefined;
  /** The public path of `resourcePath` (e.g. `/book/7`), with any stage prefix kept. */
  publicPath(resourcePath: string): string;
}

/** The caller of a method only signed-in users reach. */
export function signedInCaller(request: ApiRequest): Caller {
  if (!request.caller) throw unauthenticated();
  return request.caller;
}

export type RouteHandler = (request: ApiRequest) => Promise<APIGatewayProxyResult>;

/** `{ "/book/{id}": { GET: handler, PATCH: handler } }`, keyed like API Gateway's `resource`. */
export type RouteTable = Readonly<Record<string, Readonly<Partial<Record<string, RouteHandler>>>>>;

const API_GATEWAY_TIMEOUT_MS = INTEGRATION_TIMEOUT_SECONDS * 1_000;
const ANSWER_MARGIN_MS = 1_000;
// A route still at work this long before Lambda's timeout is answered 504,
// with time left for the error path (its log line, metrics, trace).
const TIMEOUT_ANSWER_MARGIN_MS = 200;

// Invocations started in this process: the layer keeps one work deadline per process, and only the latest invocation clears it.
let invocationsStarted = 0;

/** When the answer must be on its way: before Lambda's timeout and API Gateway's, whichever is first. */
function answerDeadline(context: Context): number {
  const remaining = typeof context.getRemainingTimeInMillis === "function" ? context.getRemainingTimeInMillis() : API_GATEWAY_TIMEOUT_MS;
  return Date.now() + Math.min(remaining, API_GATEWAY_TIMEOUT_MS) - ANSWER_MARGIN_MS;
}

function requestIdOf(event: APIGatewayProxyEvent, context: Context): string {
  return event.requestContext?.requestId ?? context.awsRequestId;
}

function publicPathFor(event: APIGatewayProxyEvent): (resourcePath: string) => string {
  // requestContext.path is the path as the client sent it (with the stage);
  // event.path is the same without it.
  const full = event.requestContext?.path ?? event.path;
  const prefix = full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : "";
  return (resourcePath) => `${prefix}${resourcePath}`;
}

/** What middy throws when Lambda is about to end an invocation whose route is still at work (given its timeoutEarlyResponse). */
class OutOfTime extends Error {
  override readonly name = "OutOfTime";
}

const outOfTime = (): never => {
  throw new OutOfTime();
};

/**
 * An invocation about to run out of time: a route waits on nothing but the
 * database, so it is the database's timeout (504), and a change may be
 * applied yet (its statement was sent, and the container resumes it when
 * Lambda thaws it).
 */
function ranOutOfTime(event: APIGatewayProxyEvent): DatabaseUnavailableError {
  const changes = event.httpMethod !== "GET";
  return new DatabaseUnavailableError(`the invocation ran out of time waiting for the database (${event.httpMethod} ${event.resource})`, "timeout", changes);
}

function errorResponse(raised: unknown, event: APIGatewayProxyEvent, requestId: string, logger: Logger): APIGatewayProxyResult {
  const error = raised instanceof OutOfTime ? ranOutOfTime(event) : raised;
  const apiError = error instanceof ApiError ? error : error instanceof AppError ? answerAppError(error) : undefined;
  if (!apiError) {
    logger.error("unhandled error", { error: loggableError(error) });
    return errorBody(new ApiError("INTERNAL", "internal error"), requestId);
  }
  if (apiError.code === "DATABASE_UNAVAILABLE" || apiError.code === "DATABASE_TIMEOUT") {
    telemetry().count(apiError.code === "DATABASE_UNAVAILABLE" ? "DatabaseUnavailableAnswers" : "DatabaseTimeoutAnswers");
    // The logged message locates the fault (host, code, setting to check); the client's does not.
    logger.warn("database unavailable", { error: loggableError(error) });
  }
  return errorBody(apiError, requestId);
}

function errorBody(apiError: ApiError, requestId: string): APIGatewayProxyResult {
  const { code, message, details } = apiError;
  return jsonResponse(apiError.status, { error: { code, message, ...(details ? { details } : {}) }, requestId }, apiError.headers);
}

/**
 * A monotonic clock in milliseconds. Not `performance.now()`: the first use
 * of `performance` loads node:perf_hooks, which Lambda's runtime has not
 * loaded, in a cold start's first request (≈1.4 ms on Node 24).
 */
function millisecondsNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Turns thrown errors into the JSON error contract. The access log of record
 * is API Gateway's (see ACCESS_LOG_FORMAT), written off the function's clock;
 * at DEBUG the function writes its own line per request too.
 */
function httpContract(logger: Logger): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  // Keyed by event: the local runtime runs invocations concurrently in one process.
  const startedAt = new WeakMap<APIGatewayProxyEvent, number>();
  const debugging = () => logger.level <= LogLevelThreshold.DEBUG;
  const logAccess = (event: APIGatewayProxyEvent, status: number) =>
    logger.debug("request", {
      requestId: event.requestContext?.requestId,
      method: event.httpMethod,
      route: event.resource,
      status,
      // Who, never their token.
      subject: callerOf(event)?.subject,
      durationMs: Math.round((millisecondsNow() - (startedAt.get(event) ?? millisecondsNow())) * 10) / 10,
    });
  return {
    before: (request) => {
      if (debugging()) startedAt.set(request.event, millisecondsNow());
    },
    after: (request) => {
      if (request.response && debugging()) logAccess(request.event, request.response.statusCode);
    },
    onError: (request) => {
      request.response = errorResponse(request.error, request.event, requestIdOf(request.event, request.context), logger);
      if (debugging()) logAccess(request.event, request.response.statusCode);
    },
  };
}

/** Every answer, errors included, tells an allowed browser origin it may read it. */
function corsHeaders(policy: OriginPolicy): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const addHeaders = (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null }) => {
    const headers = corsResponseHeaders(policy, headerOf(request.event, "origin"));
    if (request.response && headers["access-control-allow-origin"]) {
      request.response.headers = { ...request.response.headers, ...headers };
    }
  };
  return { after: addHeaders, onError: addHeaders };
}

/**
 * One Lambda handler for a set of API Gateway resources: dispatches on
 * `resource` and `httpMethod` (404 / 405 JSON for anything else) and keeps
 * every answer inside the HTTP contract.
 */
export function createHttpHandler(serviceName: string, routes: RouteTable) {
  for (const [resource, methods] of Object.entries(routes)) {
    for (const method of Object.keys(methods)) {
      if (!accessOf(resource, method)) throw new Error(`${method} ${resource} is not in the API contract: say who may call it in API_ROUTES`);
    }
  }
  const logger = createLogger(serviceName);
  const observed = configureTelemetry(serviceName);
  const allowedOrigins = originPolicy(environment().get("CORS_ALLOWED_ORIGINS"));
  const dispatch = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const methods = routes[event.resource];
    if (!methods) {
      throw new ApiError("NOT_FOUND", `no route for ${event.path}`);
    }
    const handle = methods[event.httpMethod];
    if (!handle) {
      const allow = Object.keys(methods).join(", ");
      throw new ApiError("METHOD_NOT_ALLOWED", `${event.httpMethod} is not allowed on ${event.resource}; use ${allow}`, undefined, {
        allow,
      });
    }
    const caller = authorize(event, accessOf(event.resource, event.httpMethod) ?? "editors");
    const invocation = ++invocationsStarted;
    setWorkDeadline(answerDeadline(context));
    try {
      return await handle({ event, requestId: requestIdOf(event, context), caller, publicPath: publicPathFor(event) });
    } finally {
      // A route answered 504 at the timeout finishes later, when Lambda
      // thaws the container for another invocation: that one's deadline stays.
      if (invocation === invocationsStarted) setWorkDeadline(undefined);
    }
  };
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>({ timeoutEarlyInMillis: TIMEOUT_ANSWER_MARGIN_MS, timeoutEarlyResponse: outOfTime })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(corsHeaders(allowedOrigins))
    .use(httpContract(logger))
    .handler(dispatch);
  if (!observed.metricsEnabled && !observed.tracingEnabled) return handler;
  return (event: APIGatewayProxyEvent, context: Context) => observed.invocation(`${event.httpMethod} ${event.resource}`, () => handler(event, context));
}
