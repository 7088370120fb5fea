import { type PostgresCluster } from "@bookstore/local";
import { createScratchDatabase, startScratchPostgres, type ScratchDatabase } from "@bookstore/test-harness";
import { Client } from "pg";

export interface BenchDatabase {
  database: ScratchDatabase;
  serverUrl: string;
  serverVersion: string;
  /** Runs SQL as the schema owner. */
  owner<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A migrated database of the benchmark's own: on DATABASE_URL's server, else on an embedded one. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const cluster: PostgresCluster | undefined = process.env.DATABASE_URL ? undefined : await startScratchPostgres();
  const serverUrl = process.env.DATABASE_URL ?? (cluster as PostgresCluster).url();
  const database = await createScratchDatabase(serverUrl);
  const client = new Client({ connectionString: database.ownerUrl });
  await client.connect();
  const owner = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];
  const [{ server_version: serverVersion }] = (await owner<{ server_version: string }>("SHOW server_version")) as [{ server_version: string }];
  return {
    database,
    serverUrl,
    serverVersion,
    owner,
    close: async () => {
      await client.end();
      await database.drop();
      await cluster?.destroy();
    },
  };
}

/** Grows the book table to `total` rows in one statement (generate_series), then refreshes the planner's statistics. */
export async function seedBooks(db: BenchDatabase, total: number): Promise<void> {
  const [{ count }] = (await db.owner<{ count: number }>("SELECT count(*)::int AS count FROM book")) as [{ count: number }];
  if (count < total) {
    await db.owner(
      `INSERT INTO book (title, author, publisher, year)
       SELECT 'Title ' || g, 'Author ' || (g % 1000), 'Publisher ' || (g % 50), 1900 + (g % 120)
       FROM generate_series($1::int, $2::int) AS g`,
      [count + 1, total],
    );
  }
  await db.owner("VACUUM ANALYZE book");
}

/** 1,000 books, the first with 10 reviews: what the cold and warm routes read. Returns that book's id. */
export async function seedBenchData(db: BenchDatabase): Promise<number> {
  await db.owner("INSERT INTO book (title, author, publisher, year) SELECT 'Seed ' || g, 'Author', 'Publisher', 2000 FROM generate_series(1, 1000) g");
  const [{ id: bookId }] = (await db.owner<{ id: number }>("SELECT min(id) AS id FROM book")) as [{ id: number }];
  await db.owner("INSERT INTO review (book_id, reviewer, rate) SELECT $1, 'Reviewer ' || g, 1 + g % 5 FROM generate_series(1, 10) g", [bookId]);
  return bookId;
}
