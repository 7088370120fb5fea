import { DatabaseConfigurationError } from "./database-configuration-error";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Which schema and rules the database has: `postgres` (foreign keys,
 * advisory locks, transactions at READ COMMITTED) or `dsql` (Aurora DSQL:
 * no foreign keys, so the stores keep reviews and books consistent; snapshot
 * isolation with optimistic concurrency). DB_AUTH=dsql means dsql;
 * DB_DIALECT=dsql runs the same rules on plain PostgreSQL.
 */
export type DatabaseDialect = "postgres" | "dsql";

export function databaseDialect(env: Env = process.env): DatabaseDialect {
  if (env.DB_AUTH === "dsql") return "dsql";
  const dialect = env.DB_DIALECT ?? "postgres";
  if (dialect !== "postgres" && dialect !== "dsql") throw new DatabaseConfigurationError("DB_DIALECT", `"${dialect}" is not one of postgres, dsql`);
  return dialect;
}
