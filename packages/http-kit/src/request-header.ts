import type { APIGatewayProxyEvent } from "aws-lambda";

/** A request header by name, whatever case the client or API Gateway gave it. */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : headers[key];
}
