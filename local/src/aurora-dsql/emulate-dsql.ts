import { withClient } from "../aurora-postgres/with-client";

/** DSQL's limit on the rows one transaction changes (its quotas page). */
export const DSQL_ROWS_PER_TRANSACTION = 3_000;

// PostgreSQL's program_limit_exceeded: the stores must never get there.
const LIMIT_EXCEEDED = "54000";

const COUNT_FUNCTION = "dsql_emulation_count_changed_rows";

/**
 * What makes a plain PostgreSQL database behave like Aurora DSQL where the
 * application can tell: set up on the local server by `npm start` and the
 * test harness, never by the layer or the migrator.
 *
 * - Isolation: DSQL runs every transaction on a snapshot with optimistic
 *   concurrency and counts the rows a SELECT … FOR UPDATE read as written.
 *   At REPEATABLE READ PostgreSQL takes FOR UPDATE as a lock only; at
 *   SERIALIZABLE it also sees that collision, so 40001s happen as they
 *   would on DSQL. Set for the application role in this database only.
 * - The row limit: a transaction that changes more than 3,000 rows fails,
 *   rows changed by a cascade included (DSQL does not say whether they
 *   count; counting them is the safe assumption).
 *
 * Run after the migrations (the tables must exist), as the owner; run again
 * after migrations that add tables.
 */
export async function emulateDsql(ownerUrl: string, appRole: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const database = (await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0]?.name as string;
    await client.query(
      `ALTER ROLE ${client.escapeIdentifier(appRole)} IN DATABASE ${client.escapeIdentifier(database)} SET default_transaction_isolation = 'serializable'`,
    );
    await client.query(`
      CREATE OR REPLACE FUNCTION ${COUNT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed bigint;
        total bigint;
      BEGIN
        SELECT count(*) INTO changed FROM changed_rows;
        total := coalesce(nullif(current_setting('dsql_emulation.rows_changed', true), ''), '0')::bigint + changed;
        PERFORM set_config('dsql_emulation.rows_changed', total::text, true);
        IF total > ${DSQL_ROWS_PER_TRANSACTION} THEN
          RAISE EXCEPTION 'transaction changes % rows; Aurora DSQL allows ${DSQL_ROWS_PER_TRANSACTION}', total USING ERRCODE = '${LIMIT_EXCEEDED}';
        END IF;
        RETURN NULL;
      END $$`);
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('migrations', 'migration_lock')",
    );
    for (const { name } of rows) {
      const table = client.escapeIdentifier(name);
      for (const [event, transition] of [["INSERT", "NEW"], ["UPDATE", "NEW"], ["DELETE", "OLD"]] as const) {
        const trigger = client.escapeIdentifier(`dsql_emulation_${name}_${event.toLowerCase()}`);
        await client.query(`DROP TRIGGER IF EXISTS ${trigger} ON ${table}`);
        await client.query(
          `CREATE TRIGGER ${trigger} AFTER ${event} ON ${table} REFERENCING ${transition} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ${COUNT_FUNCTION}()`,
        );
      }
    }
  });
}
