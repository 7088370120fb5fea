import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { createHttpHandler } from "../src/http-handler";

const event = {
  resource: "/book/{id}",
  path: "/book/1",
  httpMethod: "GET",
  headers: {},
  multiValueHeaders: {},
  pathParameters: { id: "1" },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  stageVariables: null,
  requestContext: { requestId: "clock-test" },
  body: null,
  isBase64Encoded: false,
} as unknown as APIGatewayProxyEvent;
const context = { awsRequestId: "clock-test", functionName: "clock-test", getRemainingTimeInMillis: () => 10_000 } as Context;

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
    const lines: string[] = [];
    // The function times a request for its own line, written at DEBUG.
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
    const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const handler = createHttpHandler("clock-test", { "/book/{id}": { GET: async () => ({ statusCode: 200, body: "{}" }) } });
      expect((await handler(event, context)).statusCode).toBe(200);
    } finally {
      write.mockRestore();
      if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = level;
    }
    expect(reads).toBe(0);
    const access = lines.map((line) => JSON.parse(line) as { message: string; durationMs: unknown }).find((line) => line.message === "request");
    expect(access?.durationMs).toEqual(expect.any(Number));
    expect(access?.durationMs as number).toBeGreaterThanOrEqual(0);
  });
});
