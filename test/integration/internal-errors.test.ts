import { aBook } from "@bookstore/test-harness";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery } from "../support/owner-database";
import { EDITORS_GROUP } from "@bookstore/api-contract";
import { localSubjectOf } from "@bookstore/local";
import { anonymousApi, apiAs, takeAccessLog, testApi, tokenFor } from "../support/test-api";

useIsolatedDatabase();

// Logs through the global console (POWERTOOLS_DEV) at INFO, where a spy reads them.
process.env.POWERTOOLS_DEV = "true";
process.env.POWERTOOLS_LOG_LEVEL = "INFO";

const logged: Array<Record<string, unknown>> = [];
beforeEach(() => {
  logged.length = 0;
  for (const level of ["log", "info", "warn", "error"] as const) {
    jest.spyOn(console, level).mockImplementation((...parts: unknown[]) => {
      for (const part of parts) {
        try {
          logged.push(JSON.parse(String(part)) as Record<string, unknown>);
        } catch {
          // not a structured log line
        }
      }
    });
  }
});
afterEach(() => jest.restoreAllMocks());

const secretTitle = "Confidential manuscript 7f3a";

describe("logs", () => {
  beforeEach(() => takeAccessLog());

  test("one access line per request, the gateway's: request id, method, route, status, latency; the function writes none at INFO, and never the body", async () => {
    await testApi().post("/book").send(aBook({ title: secretTitle, author: "A", publisher: "P", year: 2001 })).expect(201);
    const [access, ...more] = await takeAccessLog(1);
    expect(more).toEqual([]);
    expect(access).toEqual(
      expect.objectContaining({
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        method: "POST",
        route: "/book",
        path: "/book",
        status: "201",
        latencyMs: expect.stringMatching(/^\d+$/),
        integrationLatencyMs: expect.stringMatching(/^\d+$/),
      }),
    );
    expect(access?.functionRequestId).toBe(access?.requestId);
    expect(logged.filter((line) => line.message === "request")).toEqual([]);
    expect(JSON.stringify([access, logged])).not.toContain(secretTitle);
  });

  test("the gateway logs what it answers itself, which never reaches a function", async () => {
    await anonymousApi().post("/book").send(aBook()).expect(401);
    await testApi().get("/nowhere").expect(404);
    const lines = await takeAccessLog(2);
    expect(lines).toEqual([
      expect.objectContaining({ method: "POST", route: "/book", status: "401", subject: "-", functionRequestId: "-", integrationLatencyMs: "-" }),
      expect.objectContaining({ method: "GET", route: "-", path: "/nowhere", status: "404", functionRequestId: "-" }),
    ]);
  });
});

describe("a fault of ours", () => {
  afterAll(() => ownerQuery('ALTER TABLE book RENAME COLUMN "title_gone" TO "title"'));

  test("is a 500 saying INTERNAL and the request id, nothing else; the stack goes to the log, not the SQL parameters", async () => {
    await ownerQuery('ALTER TABLE book RENAME COLUMN "title" TO "title_gone"');
    const response = await testApi().post("/book").send(aBook({ title: secretTitle, author: "A", publisher: "P", year: 2001 }));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: "INTERNAL", message: "internal error" }, requestId: expect.any(String) });
    expect(response.text).not.toMatch(/title|column|INSERT|SELECT|at \S+ \(/i);

    const errors = logged.filter((line) => line.level === "ERROR");
    expect(errors).toHaveLength(1);
    const error = errors[0]?.error as { name: string; stack: unknown; message: string };
    // TypeORM's error over pg; over the Data API, the SDK's error as TypeORM's driver passes it on.
    const expectedError = process.env.TEST_DATA_API ? "DatabaseErrorException" : "QueryFailedError";
    expect(error.name).toBe(expectedError);
    expect(String(error.stack)).toContain(expectedError);
    expect(JSON.stringify(logged)).not.toContain(secretTitle);
    expect(JSON.stringify(logged)).not.toContain("parameters");
  });
});

describe("who sent it", () => {
  test("the access line names the caller's subject, and no log line holds their token", async () => {
    const token = await tokenFor("logged-user", [EDITORS_GROUP]);
    await takeAccessLog();
    await apiAs(token).post("/book").send(aBook()).expect(201);
    const access = await takeAccessLog(1);
    expect(access).toEqual([expect.objectContaining({ subject: localSubjectOf("logged-user") })]);
    expect(JSON.stringify([access, logged])).not.toContain(token.split(".")[2]);
  });
});
