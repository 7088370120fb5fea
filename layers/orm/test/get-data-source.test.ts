import parseTimestamp from "postgres-date";
import { closeDataSource, DatabaseUnavailableError, getDataSource } from "../src";

describe("the process's DataSource", () => {
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    // Nothing listens on port 1: every attempt fails fast with ECONNREFUSED.
    process.env.DATABASE_URL = "postgres://nobody:x@127.0.0.1:1/none";
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    await closeDataSource();
  });

  test("concurrent first callers share one initialization", () => {
    const first = getDataSource();
    const second = getDataSource();
    expect(second).toBe(first);
    return Promise.allSettled([first, second]);
  });

  test("a failed initialization is forgotten, and the next call tries again", async () => {
    const failed = getDataSource();
    await expect(failed).rejects.toThrow(DatabaseUnavailableError);
    await expect(failed).rejects.toThrow(/cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\); check DATABASE_URL/);
    const retried = getDataSource();
    expect(retried).not.toBe(failed);
    await expect(retried).rejects.toThrow(DatabaseUnavailableError);
  });
});

describe("buildDataSource on the dsql dialect", () => {
  const { buildDataSource } = require("../src/connection/create-data-source") as typeof import("../src/connection/create-data-source");
  const { resolveConnectionTuning } = require("../src/connection/resolve-connection-settings") as typeof import("../src/connection/resolve-connection-settings");
  const settings = { source: "libpq" as const, host: "127.0.0.1", port: 5432, database: "d", user: "u", ssl: false as const, blame: "DATABASE_URL" };

  /** The parsers a new connection of the data source's pool gets as it connects (the pool's own setup, without connecting). */
  const parsersOfNewConnection = (dataSource: ReturnType<typeof buildDataSource>) => {
    const driver = dataSource.options.driver as typeof import("pg");
    const pool = new driver.Pool();
    const client = new driver.Client();
    pool.emit("connect", client);
    return (oid: number) => client.getTypeParser(oid, "text") as (value: string) => unknown;
  };

  test("replaces connections before DSQL's 60-minute limit, reads BIGINT keys as numbers, sends no session setting", () => {
    const dataSource = buildDataSource({ settings, tuning: resolveConnectionTuning({ DB_DIALECT: "dsql" }) });
    const extra = dataSource.options.extra as Record<string, unknown>;
    expect(extra.maxLifetimeSeconds).toBe(55 * 60);
    // DSQL refuses these at startup; the local emulation sets its isolation itself.
    for (const setting of ["options", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"]) expect(extra[setting]).toBeUndefined();
    // Set on each connection, not as a types object of our own, which pg's patch would not keep row shapes for.
    expect(extra.types).toBeUndefined();
    const parser = parsersOfNewConnection(dataSource);
    expect(parser(20)("2147483647")).toBe(2147483647);
    expect(parser(1184)).toBe(parseTimestamp);
  });

  test("leaves the postgres dialect's BIGINTs as pg reads them", () => {
    const dataSource = buildDataSource({ settings, tuning: resolveConnectionTuning({}) });
    const extra = dataSource.options.extra as Record<string, unknown>;
    expect(extra.maxLifetimeSeconds).toBeUndefined();
    expect(extra.types).toBeUndefined();
    expect(extra.options).toBeUndefined();
    const parser = parsersOfNewConnection(dataSource);
    expect(parser(20)("2147483647")).toBe("2147483647");
    // Read by pg-types 4's parser; test/integration/timestamp-parsing.test.ts compares it with pg's default on a server.
    expect(parser(1184)).toBe(parseTimestamp);
  });
});
