import type { QueryRunner } from "@bookstore/orm";
import { runFormatted } from "./run-formatted";
import { scramSha256Verifier } from "./scram-verifier";

export interface AppRoleOptions {
  /** The role the API functions log in as. */
  role: string;
  /** Set as the role's password when given (from the application secret). */
  password?: string;
  /** Applied to every session of the role, whatever pooler sits between. */
  statementTimeoutMs: number;
  /** How long a statement of the role waits for a row lock: a wait ends in a 409, not in the statement timeout's 504. */
  lockTimeoutMs: number;
  /** Grant rds_iam (only for IAM authentication all the way to the database). */
  grantRdsIam: boolean;
  /** The application's tables; nothing else is granted. */
  tables: string[];
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertRoleName(role: string): void {
  if (!ROLE_NAME.test(role)) {
    throw new Error(`DB_APP_ROLE: "${role}" is not a plain lower-case PostgreSQL role name`);
  }
}

async function roleExists(runner: QueryRunner, role: string): Promise<boolean> {
  const rows: unknown[] = await runner.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  return rows.length > 0;
}

async function createRole(runner: QueryRunner, role: string): Promise<void> {
  try {
    await runner.query("SAVEPOINT create_app_role");
    await runFormatted(runner, "CREATE ROLE %I LOGIN", role);
    await runner.query("RELEASE SAVEPOINT create_app_role");
  } catch (error) {
    // Roles are cluster-wide: another database's migrator may have won the race.
    if ((error as { driverError?: { code?: string } }).driverError?.code !== "42710") throw error;
    await runner.query("ROLLBACK TO SAVEPOINT create_app_role");
  }
}

interface SequenceName {
  schema: string;
  name: string;
}

/** The sequences behind the tables' serial and identity columns, whatever the columns are called. */
async function sequencesOf(runner: QueryRunner, tables: string[]): Promise<SequenceName[]> {
  const found: SequenceName[] = [];
  for (const table of tables) {
    const rows: SequenceName[] = await runner.query(
      `SELECT n.nspname AS schema, s.relname AS name
         FROM pg_depend d
         JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         JOIN pg_namespace n ON n.oid = s.relnamespace
        WHERE d.classid = 'pg_class'::regclass AND d.refobjid = quote_ident($1)::regclass AND d.deptype IN ('a', 'i')`,
      [table],
    );
    found.push(...rows);
  }
  return found;
}

/**
 * Converges the application role to exactly: LOGIN, CONNECT on this
 * database, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on the
 * application's tables and USAGE on their sequences. No DDL, no TRUNCATE,
 * nothing on the migrations table. Runs inside the migration transaction.
 */
export async function ensureAppRole(runner: QueryRunner, options: AppRoleOptions): Promise<void> {
  const { role } = options;
  assertRoleName(role);
  if (!(await roleExists(runner, role))) {
    await createRole(runner, role);
  }
  await runFormatted(runner, "ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE", role);
  if (options.password) {
    // The verifier, never the password, goes into the statement.
    await runFormatted(runner, "ALTER ROLE %I PASSWORD %L", role, scramSha256Verifier(options.password));
  }
  const [{ database, schema }] = (await runner.query(
    "SELECT current_database() AS database, current_schema() AS schema",
  )) as [{ database: string; schema: string }];
  await runFormatted(
    runner,
    "ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L",
    role,
    database,
    `${options.statementTimeoutMs}ms`,
  );
  await runFormatted(runner, "ALTER ROLE %I IN DATABASE %I SET lock_timeout = %L", role, database, `${options.lockTimeoutMs}ms`);
  await runFormatted(runner, "GRANT CONNECT ON DATABASE %I TO %I", database, role);
  await runFormatted(runner, "GRANT USAGE ON SCHEMA %I TO %I", schema, role);
  for (const table of options.tables) {
    await runFormatted(runner, "REVOKE ALL ON TABLE %I.%I FROM %I", schema, table, role);
    await runFormatted(runner, "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I.%I TO %I", schema, table, role);
  }
  for (const sequence of await sequencesOf(runner, options.tables)) {
    await runFormatted(runner, "GRANT USAGE ON SEQUENCE %I.%I TO %I", sequence.schema, sequence.name, role);
  }
  if (options.grantRdsIam && (await roleExists(runner, "rds_iam"))) {
    await runFormatted(runner, "GRANT rds_iam TO %I", role);
  }
}
