import { Logger, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";

// patches/@aws-lambda-powertools+{commons,logger}+<version>.patch, applied by
// patch-package on npm install: what every log call asked again is asked once,
// and a line of plain values is serialized without a call per key.

const context = { functionName: "books", awsRequestId: "request-1", getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** The environment variables read while `work` runs. */
async function environmentReads(work: () => Promise<unknown>): Promise<string[]> {
  const reads: string[] = [];
  const environment = process.env;
  process.env = new Proxy(environment, {
    get(target, key) {
      if (typeof key === "string") reads.push(key);
      return Reflect.get(target, key);
    },
  });
  try {
    await work();
  } finally {
    process.env = environment;
  }
  return reads;
}

/** A handler as http-kit builds one: the Lambda context injected, one line logged per invocation. */
function loggingHandler(logger: Logger) {
  return middy(async () => {
    logger.info("request", { status: 200 });
    return { statusCode: 200 };
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

describe("the Powertools patches", () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  test("each level keeps its name, in the logger's setting and in every line", () => {
    for (const name of Object.keys(LogLevelThreshold)) {
      expect(new Logger({ serviceName: "books", logLevel: name as keyof typeof LogLevelThreshold }).getLevelName()).toBe(name);
    }
    const logger = new Logger({ serviceName: "books", logLevel: "TRACE" });
    logger.debug("d");
    logger.warn("w");
    expect(written.map((line) => JSON.parse(line).level)).toEqual(["DEBUG", "WARN"]);
  });

  test("a level's name is looked up, not found by enumerating the levels on every call", () => {
    const logger = new Logger({ serviceName: "books", logLevel: "ERROR" });
    const entries = jest.spyOn(Object, "entries");
    expect(logger.getLevelName()).toBe("ERROR");
    expect(entries).not.toHaveBeenCalled();
  });

  test("a line of strings, numbers and booleans is serialized without the replacer, and reads as before", () => {
    // Protected in the typings.
    const replacer = jest.spyOn(Logger.prototype as unknown as { getJsonReplacer(): unknown }, "getJsonReplacer");
    const logger = new Logger({ serviceName: "books", logLevel: "INFO" });
    logger.info("request", { method: "GET", status: 200, durationMs: 0.4, cold: false, subject: undefined });
    expect(replacer).not.toHaveBeenCalled();
    expect(JSON.parse(written[0] ?? "")).toMatchObject({ level: "INFO", message: "request", method: "GET", status: 200, durationMs: 0.4, cold: false });
    expect(written[0]).not.toContain("subject");
  });

  test("a line holding an error, a BigInt or an object still goes through the replacer", () => {
    const logger = new Logger({ serviceName: "books", logLevel: "INFO" });
    const looped: Record<string, unknown> = { name: "loop" };
    looped.self = looped;
    logger.info("with values", { count: 10n, nested: looped, error: new Error("boom") });
    const line = JSON.parse(written[0] ?? "") as Record<string, unknown>;
    expect(line).toMatchObject({ count: "10", nested: { name: "loop" }, error: { name: "Error", message: "boom" } });
    expect((line.nested as Record<string, unknown>).self).toBeUndefined();
  });

  test("a replacer of the user's is applied to every line", () => {
    const logger = new Logger({ serviceName: "books", logLevel: "INFO", jsonReplacerFn: (key, value) => (key === "method" ? "hidden" : value) });
    logger.info("request", { method: "GET" });
    expect(JSON.parse(written[0] ?? "")).toMatchObject({ method: "hidden" });
  });

  test("whether invocations share the container is read from the environment once, not on every log call", async () => {
    const handler = loggingHandler(new Logger({ serviceName: "books", logLevel: "INFO" }));
    await handler({}, context);
    const reads = await environmentReads(() => handler({}, context));
    expect(reads).not.toContain("AWS_LAMBDA_MAX_CONCURRENCY");
    expect(written).toHaveLength(2);
    expect(JSON.parse(written[1] ?? "")).toMatchObject({ level: "INFO", message: "request", status: 200, function_request_id: "request-1" });
  });
});
