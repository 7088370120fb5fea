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

  test("a subsegment per unit of work, nested under its invocation's and annotated with the route, never with values", async () => {
    const { port } = daemon.address() as AddressInfo;
    const { configureTelemetry } = freshTelemetry({
      POWERTOOLS_TRACE_ENABLED: "true",
      // What Lambda sets: the runtime, the task root and each invocation's trace header.
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
      LAMBDA_TASK_ROOT: "/var/task",
      _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
      AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
    });
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
});
