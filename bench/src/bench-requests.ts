import type { APIGatewayProxyEvent } from "aws-lambda";

/** A request as the benchmark describes it; turned into a proxy event in the worker. */
export interface BenchRequest {
  method: string;
  resource: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export function toEvent(request: BenchRequest, requestId: string): APIGatewayProxyEvent {
  const id = /\/(\d+)$/.exec(request.path)?.[1];
  const query = request.query && Object.keys(request.query).length > 0 ? request.query : null;
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: request.body === undefined ? {} : { "content-type": "application/json" },
    multiValueHeaders: request.body === undefined ? {} : { "content-type": ["application/json"] },
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]])) : null,
    pathParameters: id && request.resource.endsWith("{id}") ? { id } : null,
    stageVariables: null,
    body: request.body === undefined ? null : JSON.stringify(request.body),
    isBase64Encoded: false,
    requestContext: { requestId, path: request.path, httpMethod: request.method, resourcePath: request.resource, stage: "bench" },
  } as unknown as APIGatewayProxyEvent;
}
