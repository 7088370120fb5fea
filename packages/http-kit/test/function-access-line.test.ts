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

describe("timing a request for the function's own access line", () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, "performance");
  let reads = 0;
  beforeEach(() => {
    reads = 0;
    Object.defineProperty(globalThis, "performance", {
      configurable: true,
      get: () => {
        reads += 1;
        return original?.get ? original.get.call(globalThis) : original?.value;
      },
    });
  });
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, "performance", original);
  });

  // Lambda's runtime has not loaded node:perf_hooks; the first read of `performance` would, inside a cold start's first request.
  test("never reads `performance`, and still logs how long the request took", async () => {
    const { status, lines } = await answeredAt("DEBUG", answered);
    expect(status).toBe(200);
    expect(reads).toBe(0);
    const access = lines.find((line) => line.message === "request");
    expect(access?.durationMs).toEqual(expect.any(Number));
    expect(access?.durationMs as number).toBeGreaterThanOrEqual(0);
  });
});
