import { type LambdaHttpHandler, type PostgresCluster, toApiGatewayEvent } from "@bookstore/local";
import { freePort, startScratchPostgres } from "@bookstore/test-harness";
import type { Context } from "aws-lambda";
import { childEnv, runScript } from "../support/run-script";

let cluster: PostgresCluster;
let unreachableUrl: string;
beforeAll(async () => {
  cluster = await startScratchPostgres("right-password");
  unreachableUrl = `postgres://postgres:x@127.0.0.1:${await freePort()}/bookstore`;
});
afterAll(() => cluster.destroy());

const badSettings = () => [
  ["a malformed DATABASE_URL", "postgres://user@host:notaport/db", /DATABASE_URL: is not a valid URL/],
  ["a non-PostgreSQL scheme", "mysql://user@localhost/db", /DATABASE_URL: scheme must be postgres/],
  ["an unreachable database", unreachableUrl, /cannot connect to 127\.0\.0\.1:\d+ \(ECONNREFUSED\); check DATABASE_URL/],
  [
    "wrong credentials",
    cluster.url().replace("right-password", "wrong-password"),
    /the database rejected the credentials of user "postgres" \(28P01\); check DATABASE_URL/,
  ],
] as const;

function expectOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain("wrong-password");
}

describe("bad database settings", () => {
  test("the migrator CLI fails with one line naming the setting", async () => {
    for (const [, url, message] of badSettings()) {
      const result = await runScript("schema-migrator/src/cli.ts", ["status"], childEnv({ DATABASE_URL: url }));
      expect(result.code).toBe(1);
      expectOneClearLine(result.stderr, message);
    }
  }, 180_000);

  test("npm start fails with one line naming the setting, and serves nothing", async () => {
    for (const [, url, message] of badSettings()) {
      const port = String(await freePort());
      const result = await runScript("local/src/main.ts", [], childEnv({ DATABASE_URL: url, PORT: port }));
      expect(result.code).toBe(1);
      expectOneClearLine(result.stderr, message);
      expect(result.stdout).not.toContain("http://");
    }
  }, 180_000);

  test("a handler's first request answers 503 JSON and logs one line naming the setting", async () => {
    for (const [, url, message] of badSettings()) {
      const logged: string[] = [];
      // POWERTOOLS_DEV sends the logger's output through the global console, where a spy can read it.
      const capture = (...parts: unknown[]) => void logged.push(parts.map(String).join(" "));
      const spies = (["log", "info", "warn", "error"] as const).map((level) => jest.spyOn(console, level).mockImplementation(capture));
      let result;
      try {
        result = await new Promise<Awaited<ReturnType<LambdaHttpHandler>>>((resolve, reject) => {
          jest.isolateModules(() => {
            process.env.DATABASE_URL = url;
            process.env.POWERTOOLS_LOG_LEVEL = "WARN";
            process.env.POWERTOOLS_DEV = "true";
            const { handler } = require("@bookstore/books-service") as { handler: LambdaHttpHandler };
            const event = toApiGatewayEvent(
              { method: "GET", url: "/book", headers: {}, body: Buffer.alloc(0), sourceIp: "127.0.0.1", requestId: "r-1", stage: "test" },
              { resource: "/book", methods: ["GET"], service: "books", pathParameters: null },
            );
            handler(event, { awsRequestId: "r-1", functionName: "books" } as Context).then(resolve, reject);
          });
        });
      } finally {
        for (const spy of spies) spy.mockRestore();
        process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
        delete process.env.POWERTOOLS_DEV;
      }
      expect(result.statusCode).toBe(503);
      expect(result.headers?.["retry-after"]).toBeDefined();
      expect(JSON.parse(result.body)).toEqual({
        error: { code: "DATABASE_UNAVAILABLE", message: expect.stringMatching(/^the database is (temporarily )?unavailable$/) },
        requestId: "r-1",
      });
      expect(result.body).not.toMatch(/DATABASE_URL|postgres:|password/);
      const warnings = logged.filter((line) => /"level":\s*"WARN"/.test(line));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0] as string).error.message).toMatch(message);
    }
  });
});
