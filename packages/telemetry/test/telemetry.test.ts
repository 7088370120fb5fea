import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";

type TelemetryModule = typeof import("../src");

/** The telemetry module fresh, with `env` as the process environment (as a new container has it). */
function freshTelemetry(env: Record<string, string>): TelemetryModule {
  for (const name of Object.keys(process.env)) if (/^(POWERTOOLS_|AWS_|_X_AMZN|LAMBDA_)/.test(name)) delete process.env[name];
  Object.assign(process.env, env);
  let module!: TelemetryModule;
  jest.isolateModules(() => {
    module = require("../src") as TelemetryModule;
  });
  return module;
}

/** What the process writes to stdout while `work` runs: EMF documents are written there. */
async function stdoutDuring(work: () => Promise<unknown>): Promise<string> {
  let written = "";
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written += chunk.toString();
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return written;
}

const loaded = (name: string) => Object.keys(require.cache).some((path) => path.includes(`${name}`));

afterEach(() => jest.restoreAllMocks());

test("off by default: no-op, and neither Powertools package is loaded", async () => {
  jest.resetModules();
  const { configureTelemetry } = freshTelemetry({});
  const telemetry = configureTelemetry("books");
  expect(telemetry.metricsEnabled || telemetry.tracingEnabled).toBe(false);
  const output = await stdoutDuring(() => telemetry.invocation("GET /book", async () => telemetry.count("DatabaseRetries")));
  expect(output).toBe("");
  expect(loaded("@aws-lambda-powertools/metrics")).toBe(false);
  expect(loaded("@aws-lambda-powertools/tracer")).toBe(false);
});

test("metrics: a cold-start metric on the first invocation and counts published as EMF at its end", async () => {
  // Lambda sets AWS_LAMBDA_INITIALIZATION_TYPE; Powertools counts cold starts of on-demand environments only.
  const { configureTelemetry } = freshTelemetry({ POWERTOOLS_METRICS_NAMESPACE: "BookstoreTest", AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" });
  const telemetry = configureTelemetry("books");
  expect(telemetry.metricsEnabled).toBe(true);
  const first = await stdoutDuring(() => telemetry.invocation("GET /book", async () => telemetry.count("DatabaseRetries")));
  const documents = first.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  const metricNames = documents.flatMap((document) =>
    ((document._aws as { CloudWatchMetrics: Array<{ Namespace: string; Metrics: Array<{ Name: string }> }> }).CloudWatchMetrics).flatMap((directive) => {
      expect(directive.Namespace).toBe("BookstoreTest");
      return directive.Metrics.map((metric) => metric.Name);
    }),
  );
  expect(metricNames.sort()).toEqual(["ColdStart", "DatabaseRetries"]);
  expect(documents.find((document) => "DatabaseRetries" in document)).toMatchObject({ DatabaseRetries: 1, service: "books" });

  // A warm invocation with nothing counted writes nothing.
  expect(await stdoutDuring(() => telemetry.invocation("GET /book", async () => undefined))).toBe("");
});

describe("tracing", () => {
  let daemon: Socket;
  const received: string[] = [];
  beforeAll(async () => {
    // A stand-in for the X-Ray daemon: the SDK sends it subsegments over UDP.
    daemon = createSocket("udp4");
    daemon.on("message", (message) => received.push(message.toString()));
    await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
  });
  afterAll(() => daemon.close());

  /** Lambda's environment for a traced function whose invocations carry `traceHeader`. */
  const lambdaTracing = (traceHeader: string) => ({
    POWERTOOLS_TRACE_ENABLED: "true",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
    LAMBDA_TASK_ROOT: "/var/task",
    _X_AMZN_TRACE_ID: traceHeader,
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
    AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
  });

  /** Counts the subsegments the X-Ray SDK makes, under a segment or under another subsegment. */
  function subsegmentsMade(): () => number {
    const { Segment, Subsegment } = require("aws-xray-sdk-core") as typeof import("aws-xray-sdk-core");
    const spies = [jest.spyOn(Segment.prototype, "addNewSubsegment"), jest.spyOn(Subsegment.prototype, "addNewSubsegment")];
    return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  }

  test("a subsegment per unit of work, nested under its invocation's and annotated with the route, never with values", async () => {
    const { configureTelemetry } = freshTelemetry(lambdaTracing("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
    const telemetry = configureTelemetry("books");
    expect(telemetry.tracingEnabled).toBe(true);
    // Two invocations, each with a unit of work that awaits: every subsegment
    // must be nested under its own invocation's route subsegment.
    for (const route of ["GET /book/{id}", "GET /book"]) {
      await telemetry.invocation(route, () =>
        telemetry.traced("database read", async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return "secret value 42";
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));

    const documents = received.map((datagram) => JSON.parse(datagram.split("\n")[1] as string) as { id: string; name: string; parent_id?: string; annotations?: Record<string, string> });
    const routes = documents.filter((document) => document.name.startsWith("## "));
    const units = documents.filter((document) => document.name === "database read");
    expect(routes.map((document) => [document.name, document.parent_id])).toEqual([
      ["## GET /book/{id}", "53995c3f42cd8ad8"],
      ["## GET /book", "53995c3f42cd8ad8"],
    ]);
    expect(units.map((document) => document.parent_id)).toEqual(routes.map((document) => document.id));
    expect(units.map((document) => document.annotations?.route)).toEqual(["GET /book/{id}", "GET /book"]);
    expect(JSON.stringify(documents)).not.toContain("secret value 42");
  });

  test("an unsampled invocation makes no subsegment and sends nothing; its work answers and fails as without tracing", async () => {
    const { configureTelemetry } = freshTelemetry(lambdaTracing("Root=1-5759e988-bd862e3fe1be46a994272794;Parent=53995c3f42cd8ad9;Sampled=0"));
    const telemetry = configureTelemetry("books");
    expect(telemetry.tracingEnabled).toBe(true);
    const made = subsegmentsMade();
    const sentBefore = received.length;
    const answer = await telemetry.invocation("GET /book/{id}", () => telemetry.traced("database read", async () => "the book"));
    const failure = telemetry.invocation("POST /book", () =>
      telemetry.traced("database write", async () => {
        throw new Error("refused");
      }),
    );
    await expect(failure).rejects.toThrow("refused");
    expect(answer).toBe("the book");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(made()).toBe(0);
    expect(received.length).toBe(sentBefore);

    // The same process, its next invocation sampled: subsegments again.
    process.env._X_AMZN_TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272795;Parent=53995c3f42cd8ada;Sampled=1";
    await telemetry.invocation("GET /book/{id}", () => telemetry.traced("database read", async () => "the book"));
    expect(made()).toBe(2);
  });
});
