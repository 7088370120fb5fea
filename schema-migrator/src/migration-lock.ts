import type { QueryRunner } from "@bookstore/orm";
import { randomUUID } from "node:crypto";
import { sqlStateOf } from "./sql-state";

// A lock not renewed for this long belongs to a migrator that died; the
// holder renews it every HEARTBEAT_MS, also while one statement runs for hours.
const STALE_AFTER = "5 minutes";
const HEARTBEAT_MS = 60_000;
const WAIT_MS = 500;

// Two sessions creating the same table at once: one of them fails (PostgreSQL
// with a duplicate in its catalog, DSQL with a conflict); the table is there.
const CREATED_CONCURRENTLY = new Set(["23505", "42P07", "42710", "40001"]);

/** CREATE TABLE IF NOT EXISTS that tolerates a concurrent creator. */
export async function createTableIfAbsent(runner: QueryRunner, statement: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await runner.query(statement);
      return;
    } catch (error) {
      if (!CREATED_CONCURRENTLY.has(sqlStateOf(error) ?? "") || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Two migrators must not run at once. The lock is a row, not an advisory
 * lock: DSQL has none, and a session's advisory lock is not the session's
 * through a transaction-pooling proxy, while a row is everyone's. Inserting
 * it is the acquisition (a second writer conflicts or finds it there);
 * deleting it the release. It is held across migrations that run outside
 * a transaction, renewed from another connection of the pool.
 */
export async function withMigrationLock<T>(runner: QueryRunner, patienceMs: number, work: () => Promise<T>): Promise<T> {
  await createTableIfAbsent(
    runner,
    `CREATE TABLE IF NOT EXISTS "migration_lock" ("id" integer NOT NULL, "holder" character varying(64) NOT NULL, "acquired_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "migration_lock_pkey" PRIMARY KEY ("id"))`,
  );
  const holder = randomUUID();
  const deadline = Date.now() + patienceMs;
  for (;;) {
    await runner.query(`DELETE FROM "migration_lock" WHERE "acquired_at" < now() - interval '${STALE_AFTER}'`);
    const acquired: unknown[] = await runner
      .query(`INSERT INTO "migration_lock" ("id", "holder") VALUES (1, $1) ON CONFLICT DO NOTHING RETURNING "id"`, [holder])
      // Two inserts racing: one of them loses with a serialization failure.
      .catch((error: unknown) => {
        if (sqlStateOf(error) === "40001" || sqlStateOf(error) === "23505") return [];
        throw error;
      });
    if (acquired.length > 0) break;
    if (Date.now() > deadline) throw new Error(`another migrator holds the migration lock; waited ${patienceMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
  const heartbeat = setInterval(() => {
    runner.connection.query(`UPDATE "migration_lock" SET "acquired_at" = now() WHERE "holder" = $1`, [holder]).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await runner.query(`DELETE FROM "migration_lock" WHERE "holder" = $1`, [holder]);
  }
}
