import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { createHttpHandler, type RouteHandler } from "../src/http-handler";
import { workDeadline } from "../../../layers/orm/src/connection/work-deadline";

function eventFor(httpMethod: "GET" | "POST", resource: "/book/{id}" | "/book"): APIGatewayProxyEvent {
  return {
    resource,
    path: resource === "/book" ? "/book" : "/book/1",
    httpMethod,
    headers: {},
    multiValueHeaders: {},
    pathParameters: resource === "/book" ? null : { id: "1" },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { requestId: "out-of-time-test", authorizer: { claims: { sub: "subject-of-an-editor", "cognito:groups": "editors" } } },
    body: httpMethod === "POST" ? "{}" : null,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEvent;
}

/** The context of an invocation Lambda will end `remainingMs` from now. */
function contextEnding(remainingMs: number): { context: Context; deadline: number } {
  const deadline = Date.now() + remainingMs;
  const context = { awsRequestId: "out-of-time-test", functionName: "out-of-time-test", getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
  return { context, deadline };
}

/** An invocation Lambda will end `remainingMs` from now, of a route still waiting on the database until the test ends. */
async function answerRunningOutOfTime(event: APIGatewayProxyEvent, remainingMs: number) {
  let release!: () => void;
  const waiting = new Promise<void>((resolve) => (release = resolve));
  let routeFinished = false;
  const stillWaiting: RouteHandler = async () => {
    await waiting;
    routeFinished = true;
    return { statusCode: 200, body: "{}" };
  };
  const routes = { [event.resource]: { [event.httpMethod]: stillWaiting } };
  const { context, deadline } = contextEnding(remainingMs);
  const logged: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  };
  const writes = [jest.spyOn(process.stdout, "write").mockImplementation(capture), jest.spyOn(process.stderr, "write").mockImplementation(capture)];
  // As deployed, whatever another test file of this worker left set.
  const level = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
  try {
    const response: APIGatewayProxyResult = await createHttpHandler("out-of-time-test", routes)(event, context);
    return { response, answeredBeforeDeadline: Date.now() < deadline, routeFinished, logged };
  } finally {
    for (const write of writes) write.mockRestore();
    if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = level;
    release();
  }
}

describe("an invocation about to reach Lambda's timeout", () => {
  // The error path's modules loaded, as in a container that has answered before.
  beforeAll(() => answerRunningOutOfTime(eventFor("GET", "/book/{id}"), 300));


  test("of a read is answered 504 DATABASE_TIMEOUT with Retry-After before the timeout, while the route still waits", async () => {
    const { response, answeredBeforeDeadline, routeFinished, logged } = await answerRunningOutOfTime(eventFor("GET", "/book/{id}"), 1_000);
    expect(response.statusCode).toBe(504);
    expect(response.headers).toMatchObject({ "retry-after": "5", "content-type": expect.stringContaining("application/json") });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "DATABASE_TIMEOUT", message: "the database did not answer in time" },
      requestId: "out-of-time-test",
    });
    expect(answeredBeforeDeadline).toBe(true);
    expect(routeFinished).toBe(false);
    // Logged as the database's fault, naming the route; never as a fault of ours.
    const lines = logged.map((line) => JSON.parse(line) as { level: string; message: string; error?: { message?: string } });
    expect(lines).toEqual([
      expect.objectContaining({ level: "WARN", message: "database unavailable", error: expect.objectContaining({ message: expect.stringContaining("GET /book/{id}") }) }),
    ]);
  });

  test("of a change says the change may or may not have been applied", async () => {
    const { response } = await answerRunningOutOfTime(eventFor("POST", "/book"), 1_000);
    expect(response.statusCode).toBe(504);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: "DATABASE_TIMEOUT", message: "the database did not answer in time; the change may or may not have been applied, so check before retrying" },
      requestId: "out-of-time-test",
    });
  });

  test("whose route finishes during the next invocation leaves that invocation's deadline in place", async () => {
    // As in Lambda: the timed-out route's work resumes when the container is thawed for the next invocation.
    let releaseStale!: () => void;
    const stale = new Promise<void>((resolve) => (releaseStale = resolve));
    let staleRouteReturned!: () => void;
    const staleReturned = new Promise<void>((resolve) => (staleRouteReturned = resolve));
    let deadlineAfterStaleRoute: number | undefined;
    const ok = { statusCode: 200, body: "{}" };
    const handler = createHttpHandler("out-of-time-test", {
      "/book/{id}": {
        GET: async () => {
          await stale;
          staleRouteReturned();
          return ok;
        },
      },
      "/book": {
        GET: async () => {
          releaseStale();
          await staleReturned;
          await new Promise(setImmediate);
          deadlineAfterStaleRoute = workDeadline();
          return ok;
        },
      },
    });
    const writes = [jest.spyOn(process.stdout, "write").mockImplementation(() => true), jest.spyOn(process.stderr, "write").mockImplementation(() => true)];
    try {
      const timedOut = await handler(eventFor("GET", "/book/{id}"), contextEnding(300).context);
      expect(timedOut.statusCode).toBe(504);
      const next = contextEnding(5_000);
      const answered = await handler(eventFor("GET", "/book"), next.context);
      expect(answered.statusCode).toBe(200);
      expect(deadlineAfterStaleRoute).toBeGreaterThan(Date.now());
      expect(deadlineAfterStaleRoute).toBeLessThan(next.deadline);
      expect(workDeadline()).toBeUndefined();
    } finally {
      for (const write of writes) write.mockRestore();
      releaseStale();
    }
  });
});
