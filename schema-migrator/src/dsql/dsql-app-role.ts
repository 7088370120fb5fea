import type { QueryRunner } from "@bookstore/orm";
import { assertRoleName } from "../app-role";
import { runFormatted } from "../run-formatted";
import { scramSha256Verifier } from "../scram-verifier";

export interface DsqlAppRoleOptions {
  role: string;
  /** The functions' IAM roles, each mapped to the database role with AWS IAM GRANT (on DSQL). */
  iamRoleArns?: readonly string[];
  /** Only where the DSQL-shaped schema runs on plain PostgreSQL, which has no IAM login. */
  password?: string;
  tables: string[];
}

/**
 * The application role on DSQL: LOGIN, mapped to the functions' IAM role,
 * USAGE on the schema and SELECT/INSERT/UPDATE/DELETE on the application's
 * tables, nothing else. Each statement runs on its own (DSQL allows one DDL
 * statement per transaction) and no SAVEPOINT is used.
 */
export async function ensureDsqlAppRole(runner: QueryRunner, options: DsqlAppRoleOptions): Promise<void> {
  const { role } = options;
  assertRoleName(role);
  const existing: unknown[] = await runner.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  if (existing.length === 0) await runFormatted(runner, "CREATE ROLE %I WITH LOGIN", role);
  for (const arn of options.iamRoleArns ?? []) await runFormatted(runner, "AWS IAM GRANT %I TO %L", role, arn);
  if (options.password) await runFormatted(runner, "ALTER ROLE %I PASSWORD %L", role, scramSha256Verifier(options.password));
  const [{ schema }] = (await runner.query("SELECT current_schema() AS schema")) as [{ schema: string }];
  await runFormatted(runner, "GRANT USAGE ON SCHEMA %I TO %I", schema, role);
  for (const table of options.tables) {
    await runFormatted(runner, "REVOKE ALL ON TABLE %I.%I FROM %I", schema, table, role);
    await runFormatted(runner, "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I.%I TO %I", schema, table, role);
  }
}
