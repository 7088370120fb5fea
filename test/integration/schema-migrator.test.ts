import { buildDataSource, readLibpqSettings, resolveConnectionTuning } from "@bookstore/orm";
import { migrate, MIGRATIONS } from "@bookstore/schema-migrator";
import { Client } from "pg";
import { childEnv, runScript } from "../support/run-script";
import { dataApiEnvironment, LOCAL_DATA_API, startLocalDataApi, withClient } from "@bookstore/local";
import { createScratchDatabase, type ScratchDatabase } from "@bookstore/test-harness";

const serverUrl = () => process.env.TEST_SERVER_URL as string;
const migrationNames = MIGRATIONS.map((Migration) => new Migration().name as string);

const query = <Row>(url: string, sql: string): Promise<Row[]> => withClient(url, async (client) => (await client.query(sql)).rows as Row[]);

const databases: ScratchDatabase[] = [];
async function freshDatabase(migrated: boolean): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(serverUrl(), { migrated });
  databases.push(database);
  return database;
}
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

describe("schema migrator", () => {
  test("after up, the entities and the migrations describe the same schema", async () => {
    const database = await freshDatabase(true);
    const dataSource = buildDataSource({ settings: readLibpqSettings({ DATABASE_URL: database.ownerUrl }), tuning: resolveConnectionTuning({}) });
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((change) => change.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  test("up twice is a no-op, status lists what is applied", async () => {
    const database = await freshDatabase(true);
    const env = { DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole };
    const again = await migrate("up", { env });
    expect(again).toEqual({ action: "up", changed: [], applied: migrationNames, pending: [] });
    const status = await migrate("status", { env });
    expect(status).toEqual({ action: "status", changed: [], applied: migrationNames, pending: [] });
    const rows = await query<{ count: number }>(database.ownerUrl, "SELECT count(*)::int AS count FROM migrations");
    expect(rows[0]?.count).toBe(migrationNames.length);
  });

  test("down reverts the latest migration and up applies it again", async () => {
    const database = await freshDatabase(true);
    const env = { DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole };
    const down = await migrate("down", { env });
    expect(down.changed).toEqual([migrationNames.at(-1)]);
    expect(down.pending).toEqual([migrationNames.at(-1)]);
    await revertAllButFirst(env);
    expect((await migrate("status", { env })).applied).toEqual([migrationNames[0]]);
    expect((await migrate("down", { env })).changed).toEqual([migrationNames[0]]);
    const tables = await query<{ name: string }>(database.ownerUrl, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((table) => table.name).sort()).toEqual(["migration_lock", "migrations"]);
    const up = await migrate("up", { env });
    expect(up.changed).toEqual(migrationNames);
  });

  test("down refuses to drop tables that hold rows, naming them and their rows, and changes nothing", async () => {
    const database = await freshDatabase(true);
    const env = { DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole };
    await query(database.ownerUrl, "INSERT INTO book (title, author, publisher, year) SELECT 'T' || g, 'A', 'P', 2000 FROM generate_series(1, 3) g");
    await query(database.ownerUrl, "INSERT INTO review (book_id, reviewer, rate) SELECT id, 'R', 5 FROM book");
    // The later steps remove no rows: they revert.
    await revertAllButFirst(env);

    await expect(migrate("down", { env })).rejects.toThrow(/would remove rows from book \(3 rows\), review \(3 rows\); nothing was changed/);
    const counts = await query<{ books: number; reviews: number }>(database.ownerUrl, "SELECT (SELECT count(*) FROM book)::int AS books, (SELECT count(*) FROM review)::int AS reviews");
    expect(counts).toEqual([{ books: 3, reviews: 3 }]);
    expect((await migrate("status", { env })).pending).toEqual(migrationNames.slice(1));

    const cli = await runScript("schema-migrator/src/cli.ts", ["down"], childEnv({ DATABASE_URL: database.ownerUrl }));
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^migrate failed: reverting .* would remove rows from book \(3 rows\), review \(3 rows\).*--force/)]);

    const forced = await runScript("schema-migrator/src/cli.ts", ["down", "--force"], childEnv({ DATABASE_URL: database.ownerUrl }));
    expect(forced.code).toBe(0);
    const tables = await query<{ name: string }>(database.ownerUrl, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((table) => table.name).sort()).toEqual(["migration_lock", "migrations"]);
  });

  test("two concurrent `up` processes apply each migration exactly once", async () => {
    const database = await freshDatabase(false);
    const env = childEnv({ DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole });
    const results = await Promise.all([1, 2].map(() => runScript("schema-migrator/src/cli.ts", ["up"], env)));
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    const outputs = results.map((result) => result.stdout);
    expect(outputs.filter((output) => output.includes(`${migrationNames.length} migration(s) applied`))).toHaveLength(1);
    expect(outputs.filter((output) => output.includes("nothing to do"))).toHaveLength(1);
    const rows = await query<{ name: string }>(database.ownerUrl, "SELECT name FROM migrations ORDER BY id");
    expect(rows.map((row) => row.name)).toEqual(migrationNames);
  });

  test("the CLI prints each migration as it runs", async () => {
    const database = await freshDatabase(false);
    const result = await runScript("schema-migrator/src/cli.ts", ["up"], childEnv({ DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole }));
    expect(result.code).toBe(0);
    for (const name of migrationNames) {
      expect(result.stdout).toContain(`applying ${name}`);
      expect(result.stdout).toMatch(new RegExp(`${name} done in \\d+ ms`));
    }
    const status = await runScript("schema-migrator/src/cli.ts", ["status"], childEnv({ DATABASE_URL: database.ownerUrl }));
    expect(status.stdout).toContain(`[x] ${migrationNames[0]}`);
  });
});

describe("the application role", () => {
  let database: ScratchDatabase;
  let client: Client;
  beforeAll(async () => {
    database = await freshDatabase(true);
    client = new Client({ connectionString: database.appUrl });
    await client.connect();
  });
  afterAll(() => client.end());

  const denied = async (sql: string) => {
    await expect(client.query(sql)).rejects.toMatchObject({ code: "42501" });
  };

  test("has its password stored as a SCRAM verifier the migrator computed, and logs in with it", async () => {
    const password = "correct horse battery staple";
    await migrate("up", { env: { DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: password } });
    const [stored] = await query<{ verifier: string }>(serverUrl(), `SELECT rolpassword AS verifier FROM pg_authid WHERE rolname = '${database.appRole}'`);
    expect(stored?.verifier).toMatch(/^SCRAM-SHA-256\$4096:/);
    const url = new URL(database.appUrl);
    url.password = encodeURIComponent(password);
    expect(await query<{ one: number }>(url.toString(), "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  test("reads and writes the application's tables", async () => {
    const { rows } = await client.query("INSERT INTO book (title, author, publisher, year) VALUES ('t', 'a', 'p', 2000) RETURNING id");
    await client.query("INSERT INTO review (book_id, reviewer, rate) VALUES ($1, 'r', 5)", [rows[0].id]);
    await client.query("UPDATE book SET title = 'u' WHERE id = $1", [rows[0].id]);
    await client.query("DELETE FROM book WHERE id = $1", [rows[0].id]);
  });

  test.each([
    ["create a table", "CREATE TABLE intruder (id int)"],
    ["drop a table", "DROP TABLE review"],
    ["alter a table", "ALTER TABLE book ADD COLUMN isbn text"],
    ["truncate", "TRUNCATE book CASCADE"],
    ["create an index", "CREATE INDEX intruder_idx ON book (title)"],
    ["read the migrations table", "SELECT * FROM migrations"],
    ["write the migrations table", "DELETE FROM migrations"],
  ])("cannot %s", async (_what, sql) => {
    await denied(sql);
  });

  test("has the statement timeout set on it, whatever pooler is in between", async () => {
    const { rows } = await client.query("SHOW statement_timeout");
    expect(rows[0].statement_timeout).toBe("5s");
  });
});

describe("the migrator's Lambda handler", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function loadHandler(env: Record<string, string>) {
    Object.assign(process.env, env);
    let handler!: typeof import("@bookstore/schema-migrator/handler").handler;
    jest.isolateModules(() => {
      ({ handler } = require("@bookstore/schema-migrator/handler") as typeof import("@bookstore/schema-migrator/handler"));
    });
    return handler;
  }

  test("applies pending migrations when invoked without a payload, as the deploy trigger does", async () => {
    const database = await freshDatabase(false);
    const handler = await loadHandler({ DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: database.appPassword });
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(await handler({})).toEqual({ action: "up", changed: migrationNames, applied: migrationNames, pending: [] });
      expect(await handler({ action: "status" })).toEqual({ action: "status", changed: [], applied: migrationNames, pending: [] });
    } finally {
      log.mockRestore();
    }
  });

  test("rejects an unknown action, and fails (failing the deploy) leaving nothing half done when a step fails", async () => {
    const database = await freshDatabase(false);
    const handler = await loadHandler({ DATABASE_URL: database.ownerUrl, DB_APP_ROLE: "Not A Valid Role" });
    await expect(handler({ action: "drop-everything" })).rejects.toThrow(/action must be one of status, up, down/);
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await expect(handler({ action: "up" })).rejects.toThrow(/DB_APP_ROLE/);
    } finally {
      log.mockRestore();
    }
    const tables = await query<{ name: string }>(database.ownerUrl, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    expect(tables).toEqual([]);
  });
});

describe("the migrator over the Data API", () => {
  test("applies the schema as the owner's secret, two concurrent runs kept apart, the unique index built concurrently", async () => {
    const database = await freshDatabase(false);
    const endpoint = await startLocalDataApi(database.appUrl, database.ownerUrl);
    try {
      const env = { ...dataApiEnvironment(endpoint.url, database.ownerUrl, LOCAL_DATA_API.ownerSecretArn), DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: database.appPassword };
      const reports = await Promise.all([migrate("up", { env }), migrate("up", { env })]);
      // The lock row keeps them apart over the Data API too: one run applies, the other finds nothing to do.
      expect(reports.map((report) => report.changed.length).sort()).toEqual([0, migrationNames.length]);
      expect((await migrate("status", { env })).pending).toEqual([]);
      const tables = await query<{ name: string }>(database.ownerUrl, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
      expect(tables.map((table) => table.name)).toEqual(["book", "idempotency_record", "migration_lock", "migrations", "review"]);
      // The application role can log in with the password the migrator set over the Data API.
      expect(await query<{ one: number }>(database.appUrl, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await endpoint.close();
    }
  });

  test.each([
    ["a cluster ARN the service does not know", { DB_CLUSTER_ARN: "arn:aws:rds:us-east-1:000000000000:cluster:someone-else" }, "DB_CLUSTER_ARN"],
    ["a secret the cluster does not accept", { DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:not-ours" }, "DB_SECRET_ARN"],
    ["a missing database name", { DB_NAME: "" }, "DB_NAME"],
  ])("%s: the CLI fails with one line naming the setting", async (_name, override, setting) => {
    const database = await freshDatabase(false);
    const endpoint = await startLocalDataApi(database.appUrl, database.ownerUrl);
    try {
      const env = childEnv({ ...dataApiEnvironment(endpoint.url, database.ownerUrl, LOCAL_DATA_API.ownerSecretArn), ...override });
      const result = await runScript("schema-migrator/src/cli.ts", ["status"], env);
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n").filter((line) => !/NodeVersionSupportWarning|node >=22|upgrade to node|a\.co\/|trace-warnings|versions published|^$|^To continue|^and security|^More information/.test(line));
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^migrate failed: ${setting}: `))]);
    } finally {
      await endpoint.close();
    }
  });
});

/** Reverts every migration applied but the first, which creates the tables. */
async function revertAllButFirst(env: Record<string, string>): Promise<void> {
  for (let left = (await migrate("status", { env })).applied.length; left > 1; left -= 1) await migrate("down", { env });
}

describe("the migrator on the DSQL-shaped schema (DB_DIALECT=dsql, on PostgreSQL)", () => {
  test("creates the tables and their foreign key, keeps two concurrent runs apart with a lock row, and guards down", async () => {
    const database = await freshDatabase(false);
    const env = { DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: database.appPassword, DB_DIALECT: "dsql" };
    const reports = await Promise.all([migrate("up", { env }), migrate("up", { env })]);
    expect(reports.map((report) => report.changed.length).sort()).toEqual([0, migrationNames.length]);
    const foreignKeys = await query<{ name: string; validated: boolean; onDelete: string }>(
      database.ownerUrl,
      "SELECT conname AS name, convalidated AS validated, confdeltype AS \"onDelete\" FROM pg_constraint WHERE contype = 'f'",
    );
    expect(foreignKeys).toEqual([{ name: "review_book_id_fkey", validated: true, onDelete: "c" }]);
    const keys = await query<{ type: string }>(database.ownerUrl, "SELECT data_type AS type FROM information_schema.columns WHERE table_name IN ('book', 'review') AND column_name = 'id'");
    expect(keys.map((key) => key.type)).toEqual(["bigint", "bigint"]);
    expect(await query(database.ownerUrl, "SELECT * FROM migration_lock")).toEqual([]);

    // The application role reads and writes, and does nothing else.
    await query(database.appUrl, "INSERT INTO book (title, author, publisher, year) VALUES ('t', 'a', 'p', 2000)");
    await expect(query(database.appUrl, "DROP TABLE review")).rejects.toMatchObject({ code: "42501" });

    await expect(migrate("down", { env })).rejects.toThrow(/book \(1 row\) hold rows; nothing was changed/);
    expect((await migrate("status", { env })).pending).toEqual([]);
    const forced = await migrate("down", { env, force: true });
    expect(forced.changed).toEqual([migrationNames.at(-1)]);
  });
});
