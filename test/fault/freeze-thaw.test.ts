import { execFileSync } from "node:child_process";
import { aBook, PgBouncer, type ScratchDatabase } from "@bookstore/test-harness";
import { appBackends } from "../support/app-backends";
import { startContainer, type Container } from "../support/container";
import { pgbouncerAvailable, describeWithPgBouncer } from "../support/pgbouncer-tests";
import { PROJECT_ROOT } from "../support/run-script";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let bouncer: PgBouncer | undefined;
let container: Container;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  if (pgbouncerAvailable) bouncer = await PgBouncer.start({ serverUrl: fileDatabase.serverUrl, clientIdleTimeoutSeconds: 1 });
});
afterAll(async () => {
  await bouncer?.destroy();
  await fileDatabase.drop();
});

// A frozen Lambda container runs no timers; when it thaws, the wall clock has jumped.
const freezeTimers = () =>
  jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "clearImmediate", "queueMicrotask", "hrtime", "performance"] });

afterEach(async () => {
  jest.useRealTimers();
  await container.close();
});

/** Blocks this process, as a freeze does, while time passes outside it. */
function sleepFrozen(ms: number): void {
  execFileSync(process.execPath, ["-e", `setTimeout(() => {}, ${ms})`]);
}

/**
 * Terminates the app's connections from another process while this one is
 * blocked, as a frozen container is: the close waits unread on the socket.
 */
function terminateWhileFrozen(): void {
  const script = `
    const { Client } = require("pg");
    const client = new Client({ connectionString: process.env.OWNER_URL });
    client.connect()
      .then(() => client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND datname = current_database()", [process.env.APP_ROLE]))
      .then(() => new Promise((resolve) => setTimeout(resolve, 200)))
      .then(() => client.end());`;
  execFileSync(process.execPath, ["-e", script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, OWNER_URL: database.ownerUrl, APP_ROLE: database.appRole },
  });
}

const book = aBook({ title: "Snow Crash", author: "Neal Stephenson", publisher: "Bantam", year: 1992 });

describe("a container thawed after a freeze", () => {
  beforeEach(() => {
    freezeTimers();
    container = startContainer({ DATABASE_URL: database.appUrl, DB_MAX_IDLE_MS: "300000" });
  });

  test("whose connection the database closed during the freeze: the next write succeeds", async () => {
    expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    terminateWhileFrozen();
    jest.setSystemTime(Date.now() + 5_000);
    const created = await container.invoke("POST", "/book", book);
    expect(created.statusCode).toBe(201);
  });

  test("that idled past the network's idle timeout: the connection is replaced before use", async () => {
    expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    const [before] = await appBackends(database.ownerUrl, database.appRole);
    jest.setSystemTime(Date.now() + 400_000);
    expect((await container.invoke("POST", "/book", book)).statusCode).toBe(201);
    const after = await appBackends(database.ownerUrl, database.appRole);
    expect(after).toHaveLength(1);
    expect(after).not.toContain(before);
  });
});

describeWithPgBouncer("a container behind a proxy that closes idle clients", () => {
  beforeEach(() => {
    freezeTimers();
    container = startContainer({ DATABASE_URL: bouncer!.through(database.appUrl), DB_MAX_IDLE_MS: "300000" });
  });

  test("thawed after the proxy closed its connection: the next write succeeds", async () => {
    expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    sleepFrozen(2_500); // the pooler's client_idle_timeout is 1 s
    jest.setSystemTime(Date.now() + 2_500);
    expect((await container.invoke("POST", "/book", book)).statusCode).toBe(201);
  });
});
