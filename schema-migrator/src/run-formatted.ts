import type { QueryRunner } from "@bookstore/orm";

/**
 * Runs a utility statement (CREATE ROLE, GRANT, ALTER ROLE…) whose
 * identifiers and literals cannot be bind parameters. PostgreSQL's own
 * format() quotes them (%I identifiers, %L literals), so no value is ever
 * spliced into SQL on this side.
 */
export async function runFormatted(runner: QueryRunner, template: string, ...values: string[]): Promise<void> {
  // One parameter per value: array parameters do not cross every driver (the Data API's).
  const placeholders = values.map((_value, index) => `, $${index + 2}::text`).join("");
  const rows: Array<{ statement: string }> = await runner.query(`SELECT format($1${placeholders}) AS statement`, [template, ...values]);
  const statement = rows[0]?.statement;
  if (!statement) throw new Error(`format() returned nothing for ${template}`);
  await runner.query(statement);
}
