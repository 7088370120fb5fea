import type { QueryRunner } from "@bookstore/orm";

export type RowCounts = Map<string, number>;

/** Rows in every table of the current schema but the migrations table. */
export async function countRows(runner: QueryRunner, migrationsTable: string): Promise<RowCounts> {
  const tables: Array<{ name: string }> = await runner.query(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> $1 ORDER BY tablename",
    [migrationsTable],
  );
  const counts: RowCounts = new Map();
  for (const { name } of tables) {
    const [row] = (await runner.query(`SELECT count(*)::bigint AS rows FROM ${runner.connection.driver.escape(name)}`)) as [{ rows: string }];
    counts.set(name, Number(row.rows));
  }
  return counts;
}

/** Tables that lost rows between two counts (dropped, truncated or emptied), with how many. */
export function rowsLost(before: RowCounts, after: RowCounts): Array<{ table: string; rows: number }> {
  return [...before]
    .map(([table, rows]) => ({ table, rows: rows - (after.get(table) ?? 0) }))
    .filter(({ rows }) => rows > 0);
}

/** `down` would have removed rows; it was rolled back and nothing changed. */
export class DataLossRefusedError extends Error {
  override readonly name = "DataLossRefusedError";

  constructor(
    readonly migration: string,
    readonly lost: Array<{ table: string; rows: number }>,
  ) {
    const tables = lost.map(({ table, rows }) => `${table} (${rows} ${rows === 1 ? "row" : "rows"})`).join(", ");
    super(`reverting ${migration} would remove rows from ${tables}; nothing was changed. Revert anyway with --force (CLI) or {"action":"down","force":true} (function)`);
  }
}
