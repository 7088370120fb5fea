import { environment, type VariableSource } from "../environment";

/**
 * Which schema and rules the database has: `postgres` (foreign keys,
 * advisory locks, transactions at READ COMMITTED) or `dsql` (Aurora DSQL:
 * snapshot isolation with optimistic concurrency, per-transaction limits).
 * DB_AUTH=dsql means dsql; DB_DIALECT=dsql runs the same rules on plain
 * PostgreSQL.
 */
export type DatabaseDialect = "postgres" | "dsql";

export function databaseDialect(source: VariableSource = process.env): DatabaseDialect {
  const env = environment(source);
  return env.get("DB_AUTH") === "dsql" ? "dsql" : env.get("DB_DIALECT");
}
