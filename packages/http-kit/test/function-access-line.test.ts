import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { ApiError } from "../src/api-error";
import { createHttpHandler, type RouteHandler } from "../src/http-handler";

const event = {
  resource: "/book/{id}",
  path: "/book/1",
  httpMethod: "GET",
  headers: { Authorization: "Bearer header.payload.signature-of-the-token" },
  multiValueHeaders: { Authorization: ["Bearer header.payload.signature-of-the-token"] },
  pathParameters: { id: "1" },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  requestContext: { requestId: "access-line-test", authorizer: { claims: { sub: "subject-of-the-caller", "cognito:username": "reader" } } },
  body: null,
  isBase64Encoded: false,
} as unknown as APIGatewayProxyEvent;
const context = { awsRequestId: "access-line-test", functionName: "access-line-test", getRemainingTimeInMillis: () => 10_000 } as Context;

/** Answers one request at `level`, with what the function wrote to stdout. */
async function answeredAt(level: string, route: RouteHandler): Promise<{ status: number; lines: Array<Record<string, unknown>> }> {
  const written: string[] = [];
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = level;
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const { statusCode } = await createHttpHandler("access-line-test", { "/book/{id}": { GET: route } })(event, context);
    return { status: statusCode, lines: written.map((line) => JSON.parse(line) as Record<string, unknown>) };
  } finally {
    write.mockRestore();
    if (previous === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = previous;
  }
}

const answered: RouteHandler = async () => ({ statusCode: 200, body: "{}" });
const refused: RouteHandler = async () => {
  throw new ApiError("NOT_FOUND", "book 1");
};

describe("the function's own access line", () => {
  // API Gateway writes the access log of record; the function adds nothing to a request's time at INFO.
  test.each([
    ["an answer", answered, 200],
    ["a refusal", refused, 404],
  ])("is not written at INFO, for %s", async (_, route, status) => {
    await expect(answeredAt("INFO", route)).resolves.toEqual({ status, lines: [] });
  });

  test.each([
    ["an answer", answered, 200],
    ["a refusal", refused, 404],
  ])("is written at DEBUG, for %s: request id, method, route, status, caller, duration; never the token", async (_, route, status) => {
    const { lines } = await answeredAt("DEBUG", route);
    expect(lines.filter((line) => line.message === "request")).toEqual([
      expect.objectContaining({ level: "DEBUG", requestId: "access-line-test", method: "GET", route: "/book/{id}", status, subject: "subject-of-the-caller", durationMs: expect.any(Number) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("signature-of-the-token");
  });
});
