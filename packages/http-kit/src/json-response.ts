import type { APIGatewayProxyResult } from "aws-lambda";

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { "content-type": JSON_CONTENT_TYPE, ...headers },
    body: JSON.stringify(body),
  };
}

/** 204: no body, and still the JSON content type every response carries. */
export function noContent(): APIGatewayProxyResult {
  return { statusCode: 204, headers: { "content-type": JSON_CONTENT_TYPE }, body: "" };
}
