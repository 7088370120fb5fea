import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { aBook, aReview, freePort } from "@bookstore/test-harness";
import { EDITORS_GROUP } from "@bookstore/api-contract";
import { expectAccessRules, type AccessTokens } from "../support/access-rules";
import { expectSafeRetriesAndEdits } from "../support/safe-writes";
import { childEnv, PROJECT_ROOT, runScript } from "../support/run-script";
import { runSmoke } from "../smoke/run-smoke";

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** `npm start` as a newcomer runs it: no database settings at all. */
async function npmStart(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "local/src/main.ts", ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up: ${output}`)), 60_000);
    const check = () => {
      if (output.includes("Bookstore API on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });
  return { child, output: () => output };
}

/** `npm run token -- --user NAME [--group G]` against the server on `apiPort`: its last line. */
async function npmRunToken(apiPort: number, args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runScript("local/src/token-cli.ts", args, childEnv({ PORT: String(apiPort) }));
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return stdout.trim().split("\n").at(-1) as string;
}

async function signedInUsers(apiPort: number): Promise<AccessTokens> {
  return {
    editor: await npmRunToken(apiPort, ["--user", "erin", "--group", EDITORS_GROUP, "--expires-in", "15m"]),
    ann: await npmRunToken(apiPort, ["--user", "ann"]),
    bob: await npmRunToken(apiPort, ["--user", "bob"]),
  };
}

/** supertest against `npm start`, with the editor's token on every request. */
const asEditor = (apiPort: number, tokens: AccessTokens) => request.agent(`http://127.0.0.1:${apiPort}`).set("authorization", `Bearer ${tokens.editor}`);

function stop({ child }: Started): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });
}

describe("npm start on the embedded default", () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  let apiPort: number;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "bookstore-start-"));
    await chmod(root, 0o755);
    apiPort = await freePort();
    env = childEnv({ PORT: String(apiPort), EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_PG_DATA_DIR: join(root, "postgres") });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  test("serves the API, says where, stops cleanly on Ctrl-C, and keeps the data across restarts", async () => {
    const first = await npmStart(env);
    const api = request(`http://127.0.0.1:${apiPort}`);
    const list = await api.get("/book").expect(200);
    expect(list.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(list.body).toEqual({ books: [], nextCursor: null });
    // A newcomer opening the root lands on the docs.
    const landing = await api.get("/").expect(302);
    expect(landing.headers.location).toBe("/docs");
    await api.get(landing.headers.location as string).expect(200).expect("content-type", /text\/html/);
    expect(first.output()).toContain(`http://127.0.0.1:${apiPort}`);
    expect(first.output()).toMatch(/database: embedded PostgreSQL 17/);
    expect(first.output()).toMatch(/^sign-in: writes need a token: npm run token -- --user NAME/m);
    const tokens = await signedInUsers(apiPort);
    await expectAccessRules(`http://127.0.0.1:${apiPort}`, tokens);
    await expectSafeRetriesAndEdits(`http://127.0.0.1:${apiPort}`, tokens.editor);
    const created = await asEditor(apiPort, tokens).post("/book").send(aBook({ title: "Beloved", author: "Toni Morrison", publisher: "Knopf", year: 1987 })).expect(201);
    // The smoke test of a deployed stage passes against it too, and fails where nothing listens.
    const lines: string[] = [];
    const base = `http://127.0.0.1:${apiPort}`;
    expect(await runSmoke([base, "--token", tokens.editor, "--origin", "http://localhost:5173"], (line) => lines.push(line))).toBe(0);
    expect(lines.at(-1)).toMatch(/^smoke: (\d+) of \1 checks passed$/);
    expect(lines.filter((line) => line.startsWith("ok "))).toHaveLength(12);
    // A plain user's token cannot create the smoke test's book, and the smoke test says why.
    const refused: string[] = [];
    expect(await runSmoke([base, "--token", tokens.ann], (line) => refused.push(line))).toBe(1);
    expect(refused).toContain("FAILED  POST /book creates a book: answered 403: the token is not an editor's");
    expect((await request(base).get("/book?limit=100").expect(200)).body.books.map((book: { title: string }) => book.title)).not.toContain("Smoke test");
    const dead: string[] = [];
    expect(await runSmoke([`http://127.0.0.1:${await freePort()}`], (line) => dead.push(line))).toBe(1);
    expect(dead).toEqual([expect.stringMatching(/^smoke: nothing answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/)]);
    expect(await stop(first)).toBe(0);
    // The embedded server shut down cleanly with it.
    expect(existsSync(join(root, "postgres", "postmaster.pid"))).toBe(false);

    const second = await npmStart(env);
    const again = await request(`http://127.0.0.1:${apiPort}`).get(`/book/${created.body.id}`).expect(200);
    expect(again.body.title).toBe("Beloved");
    expect(second.output()).not.toContain("migrated:");
    expect(await stop(second)).toBe(0);
  }, 120_000);
});

/** `npm start -- --target <target>` on an embedded database of its own. */
async function startOnTarget(target: string): Promise<{ root: string; apiPort: number; started: Started }> {
  const root = await mkdtemp(join(tmpdir(), "bookstore-start-"));
  await chmod(root, 0o755);
  const apiPort = await freePort();
  const env = childEnv({ PORT: String(apiPort), EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_PG_DATA_DIR: join(root, "postgres") });
  return { root, apiPort, started: await npmStart(env, ["--target", target]) };
}

describe("npm start -- --target data-api", () => {
  test("serves the same API through a local Data API endpoint and says which", async () => {
    const { root, apiPort, started } = await startOnTarget("data-api");
    try {
      expect(started.output()).toMatch(
        /^Data API endpoint: http:\/\/127\.0\.0\.1:\d+ resource=arn:aws:rds:[a-z0-9-]+:\d{12}:cluster:\S+ secret=arn:aws:secretsmanager:\S+$/m,
      );
      const tokens = await signedInUsers(apiPort);
      await expectAccessRules(`http://127.0.0.1:${apiPort}`, tokens);
      await expectSafeRetriesAndEdits(`http://127.0.0.1:${apiPort}`, tokens.editor);
      const api = asEditor(apiPort, tokens);
      const created = await api.post("/book").send(aBook({ title: "Beloved", author: "Toni Morrison", publisher: "Knopf", year: 1987 })).expect(201);
      await api.post("/review").send(aReview({ bookId: created.body.id, reviewer: "Sethe", rate: 5 })).expect(201);
      expect((await api.get(`/book/${created.body.id}`).expect(200)).body).toMatchObject({ reviewCount: 1, averageRate: 5 });
      await api.post("/review").send(aReview({ bookId: 2_000_000_000, reviewer: "x", rate: 1 })).expect(404);
    } finally {
      expect(await stop(started)).toBe(0);
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  test("an unknown target is refused by name", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "local/src/main.ts", "--target", "oracle"], { cwd: PROJECT_ROOT, env: childEnv({}), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("npm start failed: --target oracle is not one of postgres, data-api, dsql");
  }, 60_000);
});

describe("npm start -- --target dsql", () => {
  test("serves the same API on the DSQL-shaped schema: no foreign key, the store keeps reviews with their books", async () => {
    const { root, apiPort, started } = await startOnTarget("dsql");
    try {
      expect(started.output()).toMatch(/^target: dsql$/m);
      const tokens = await signedInUsers(apiPort);
      await expectAccessRules(`http://127.0.0.1:${apiPort}`, tokens);
      await expectSafeRetriesAndEdits(`http://127.0.0.1:${apiPort}`, tokens.editor);
      const api = asEditor(apiPort, tokens);
      const created = await api.post("/book").send(aBook({ title: "Beloved", author: "Toni Morrison", publisher: "Knopf", year: 1987 })).expect(201);
      expect(created.body.id).toEqual(expect.any(Number));
      await api.post("/review").send(aReview({ bookId: created.body.id, reviewer: "Sethe", rate: 5 })).expect(201);
      await api.delete(`/book/${created.body.id}`).expect(204);
      await api.post("/review").send(aReview({ bookId: created.body.id, reviewer: "Paul D", rate: 4 })).expect(404);
      await api.get(`/review?bookId=${created.body.id}`).expect(404);
    } finally {
      expect(await stop(started)).toBe(0);
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("npm run token", () => {
  test("--help says how it finds the server's key and which server", async () => {
    const { code, stdout } = await runScript("local/src/token-cli.ts", ["--help"], childEnv({}));
    expect(code).toBe(0);
    expect(stdout).toMatch(/key pair is made at start\s+and never leaves that process/);
    expect(stdout).toMatch(/PORT selects the server/);
  });

  test("bad flags and no server are one clear line each, exit non-zero", async () => {
    const port = await freePort();
    const cases: Array<[string[], number, RegExp]> = [
      [[], 2, /^npm run token: --user NAME is required \(--help for usage\)$/],
      [["--user", "ann", "--expires-in", "5y"], 2, /^npm run token: --expires-in 5y: give a time from 1s to 1d, e\.g\. 15m/],
      [["--user", "ann", "--colour", "red"], 2, /^npm run token: Unknown option '--colour'/],
      [["--user", "ann"], 1, new RegExp(`^npm run token: nothing answers at http://127\\.0\\.0\\.1:${port}/local-cognito/token: start the API with npm start`)],
    ];
    for (const [args, exitCode, message] of cases) {
      const { code, stderr } = await runScript("local/src/token-cli.ts", args, childEnv({ PORT: String(port) }));
      expect({ args, code, lines: stderr.trim().split("\n").length }).toEqual({ args, code: exitCode, lines: 1 });
      expect(stderr.trim()).toMatch(message);
    }
  });
});
