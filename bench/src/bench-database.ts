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
  const db = await openBenchDatabaseOn(serverUrl);
  return {
    ...db,
    close: async () => {
      await db.close();
      await cluster?.destroy();
    },
  };
}

/** Another migrated database of the benchmark's own, on the server at `serverUrl`. */
export async function openBenchDatabaseOn(serverUrl: string): Promise<BenchDatabase> {
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

/** The seeded books the routes use. */
export interface BenchBooks {
  /** The book every read of one book reads: 10 reviews, whatever was written before. */
  read: number;
  /** The book the created reviews are of, so that they never change what a read costs. */
  reviewed: number;
}

/** 1,000 books, the first with 10 reviews. */
export async function seedBenchData(db: BenchDatabase): Promise<BenchBooks> {
  await db.owner("INSERT INTO book (title, author, publisher, year) SELECT 'Seed ' || g, 'Author', 'Publisher', 2000 FROM generate_series(1, 1000) g");
  const [first, second] = (await db.owner<{ id: number }>("SELECT id FROM book ORDER BY id LIMIT 2")) as [{ id: number }, { id: number }];
  await db.owner("INSERT INTO review (book_id, reviewer, rate) SELECT $1, 'Reviewer ' || g, 1 + g % 5 FROM generate_series(1, 10) g", [first.id]);
  // The statistics a live database has (autovacuum gathers them; a server
  // may run without it, as CI's does). Without any, the planner takes
  // "deleted_at IS NULL" for rare and lists books by sorting the table.
  await refreshStatistics(db);
  return { read: first.id, reviewed: second.id };
}

/**
 * Gathers the tables' statistics, as autovacuum does after enough writes:
 * planned on the seed's ten reviews, a read of one book may scan the
 * thousands of reviews the creates have added since.
 */
export async function refreshStatistics(db: BenchDatabase): Promise<void> {
  await db.owner("ANALYZE book, review");
}
