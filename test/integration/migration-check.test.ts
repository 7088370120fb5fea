import { checkMigrations, lintWithSquawk, migrate, MIGRATIONS, type CapturedMigration } from "@bookstore/schema-migrator";
import type { QueryRunner } from "@bookstore/orm";
import { createScratchDatabase, type ScratchDatabase } from "@bookstore/test-harness";
import { withClient } from "@bookstore/local";
import pg from "pg";
import { childEnv, runScript } from "../support/run-script";
import { IndexBookTitlesBlocking1799000000000 } from "../fixtures/migrations/1799000000000-index-book-titles-blocking";
import { AddBookIsbnUniqueIndex1796000004000 } from "../../schema-migrator/src/migrations/1796000004000-add-book-isbn-unique-index";

const serverUrl = () => {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error("TEST_SERVER_URL is not set: run through a jest lane");
  return url;
};

/** A scratch database of the describe block's own, and the migrator's environment for it. */
function useScratchDatabase(extra: Record<string, string> = {}) {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase(serverUrl(), { dialect: "postgres" });
  });
  afterAll(() => database.drop());
  const settings = () => ({ DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: database.appPassword, DB_DIALECT: "postgres", ...extra });
  return {
    /** Only the migrator's settings, for a child process. */
    settings,
    env: () => ({ ...process.env, ...settings() }),
    ownerUrl: () => database.ownerUrl,
    ownerQuery: (sql: string) => withClient(database.ownerUrl, async (client) => (await client.query(sql)).rows),
  };
}

/** The statements a migration's `up` sends, as the migrator would send them. */
async function statementsOf(migration: { up(runner: QueryRunner): Promise<void> }): Promise<string[]> {
  const sent: string[] = [];
  await migration.up({ query: async (sql: string) => void sent.push(sql) } as unknown as QueryRunner);
  return sent;
}

describe("npm run migrate -- check", () => {
  test("passes on every committed migration of both dialects: applies, agrees with the entities, reverts, re-applies, lints clean", async () => {
    const lines: string[] = [];
    expect(await checkMigrations({ serverUrl: serverUrl(), log: (line) => lines.push(line) })).toEqual([]);
    expect(lines).toContain("postgres: entities and migrations agree");
    expect(lines).toContain("dsql: every migration reverted and applied again");
  }, 120_000);

  test("fails a migration that builds an index without CONCURRENTLY on an existing table, naming the migration, the statement and the rule", async () => {
    const findings = await checkMigrations({ serverUrl: serverUrl(), dialects: ["postgres"], histories: { postgres: [...MIGRATIONS, IndexBookTitlesBlocking1799000000000] } });
    expect(findings).toHaveLength(2);
    expect(findings).toEqual(
      expect.arrayContaining([
        {
          dialect: "postgres",
          migration: "IndexBookTitlesBlocking1799000000000",
          statement: 'CREATE INDEX "book_title_idx" ON "book" ("title")',
          rule: "require-concurrent-index-creation",
          message: expect.stringMatching(/table updates are blocked/),
        },
        // The fixture's index is not in the entities either.
        expect.objectContaining({ rule: "schema-drift", statement: expect.stringMatching(/DROP INDEX "public"\."book_title_idx"/) }),
      ]),
    );
    const blocking: CapturedMigration = { name: "IndexBookTitlesBlocking1799000000000", transactional: true, statements: await statementsOf(new IndexBookTitlesBlocking1799000000000()) };
    expect(await lintWithSquawk([blocking])).toEqual([
      expect.objectContaining({ migration: blocking.name, statement: 'CREATE INDEX "book_title_idx" ON "book" ("title")', rule: "require-concurrent-index-creation" }),
    ]);
    // The ISBN's index, built concurrently and alone, is what the rule asks for.
    const concurrent = new AddBookIsbnUniqueIndex1796000004000();
    expect(await lintWithSquawk([{ name: concurrent.name, transactional: false, statements: await statementsOf(concurrent) }])).toEqual([]);
  }, 60_000);
});

/** Reverts the newest migrations down to and including `name`; they are then pending, oldest first. */
async function revertThrough(name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const reverted: string[] = [];
  while (!reverted.includes(name)) {
    const { changed } = await migrate("down", { env });
    if (changed.length === 0) throw new Error(`${name} is not applied`);
    reverted.push(...changed);
  }
  return reverted.reverse();
}

describe("an interrupted concurrent index build", () => {
  const { env: migratorEnv, ownerQuery } = useScratchDatabase();

  test("leaves the history saying what ran and an INVALID index, which the next up drops and builds again", async () => {
    const env = migratorEnv();
    const index = AddBookIsbnUniqueIndex1796000004000.name;
    const reverted = await revertThrough(index, env);
    expect(reverted[0]).toBe(index);
    // Two books with one ISBN: the unique build fails part way, as a cancelled or crashed build does.
    await ownerQuery(`INSERT INTO book (title, author, publisher, year, isbn) VALUES ('A', 'A', 'A', 2000, '9780306406157'), ('B', 'B', 'B', 2000, '9780306406157')`);
    const waiting: string[] = [];
    await expect(migrate("up", { env, onWaiting: (detail) => waiting.push(detail) })).rejects.toThrow(/could not create unique index|duplicate/);
    expect((await migrate("status", { env })).pending).toEqual(reverted);
    expect(await ownerQuery(`SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'book_isbn_key'`)).toEqual([
      { relname: "book_isbn_key", indisvalid: false },
    ]);

    await ownerQuery(`UPDATE book SET isbn = NULL WHERE title = 'B'`);
    const repaired = await migrate("up", { env, onWaiting: (detail) => waiting.push(detail) });
    expect(repaired.changed).toEqual(reverted);
    expect(waiting).toContain("index book_isbn_key was left INVALID by an interrupted build: dropping it to build it again");
    expect(await ownerQuery(`SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'book_isbn_key'`)).toEqual([{ indisvalid: true }]);
  }, 60_000);
});

describe("a table lock that does not come", () => {
  const { settings, env: migratorEnv, ownerUrl } = useScratchDatabase({ MIGRATION_LOCK_TIMEOUT_MS: "150" });

  test("is retried with pauses, then one clear line and a non-zero exit, nothing applied; the next up finishes", async () => {
    const index = AddBookIsbnUniqueIndex1796000004000.name;
    const reverted = await revertThrough(index, migratorEnv());
    expect(reverted[0]).toBe(index);
    // Another session holds the book table, as a long report or a stuck transaction would.
    const holder = new pg.Client({ connectionString: ownerUrl() });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE book IN ACCESS EXCLUSIVE MODE");
      const { code, stdout, stderr } = await runScript("schema-migrator/src/cli.ts", ["up"], childEnv(settings()));
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `migrate failed: ${index} waited 150 ms for its table lock 6 times; another session holds it (see pg_locks and pg_stat_activity); it was not applied, run up again`,
      );
      expect(stdout).toMatch(/a table lock was not free within 150 ms; trying again in 10 ms/);
      expect(stdout).toMatch(/trying again in 160 ms/);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    expect((await migrate("status", { env: migratorEnv() })).pending).toEqual(reverted);
    expect((await migrate("up", { env: migratorEnv() })).changed).toEqual(reverted);
  }, 60_000);
});
