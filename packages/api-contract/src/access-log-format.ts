/**
 * The access log: one JSON line per request, written by API Gateway (the
 * stage's access log, off the functions' clock, and for the requests it
 * answers itself: unknown routes, refused tokens, throttling) and in the
 * same shape by the local gateway. Each field is an API Gateway `$context`
 * variable, written as a string; API Gateway writes "-" where one has no
 * value. `functionRequestId` is the Lambda request id of the invocation,
 * which the function's own log lines carry as `function_request_id`.
 */
export const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  functionRequestId: "$context.awsEndpointRequestId",
  requestTimeEpoch: "$context.requestTimeEpoch",
  ip: "$context.identity.sourceIp",
  method: "$context.httpMethod",
  route: "$context.resourcePath",
  path: "$context.path",
  status: "$context.status",
  subject: "$context.authorizer.claims.sub",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  traceId: "$context.xrayTraceId",
} as const;

export type AccessLogVariable = (typeof ACCESS_LOG_FORMAT)[keyof typeof ACCESS_LOG_FORMAT];

/** API Gateway's format string: the JSON object with each field's variable in quotes. */
export const ACCESS_LOG_TEMPLATE = JSON.stringify(ACCESS_LOG_FORMAT);
