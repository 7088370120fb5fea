import { DSQL_MIGRATIONS, MIGRATIONS } from "../migration-history";
import { dsqlStatementViolations } from "../dsql/dsql-rules";
import { migrate } from "../migrate";
import type { MigrationClass } from "../reporting-migrations";
import { createCheckDatabase } from "./check-database";
import { schemaDrift } from "./schema-drift";
import { lintWithSquawk, type CapturedMigration } from "./squawk-lint";

export type CheckedDialect = "postgres" | "dsql";

export interface CheckFinding {
  dialect: CheckedDialect;
  migration?: string;
  statement?: string;
  /** The linter's rule, or `schema-drift`, `dsql-rules`, `down-up`. */
  rule: string;
  message: string;
}

export interface CheckOptions {
  /** A PostgreSQL server the check may create (and drop) a database on, as a user who can. */
  serverUrl: string;
  dialects?: readonly CheckedDialect[];
  /** The histories to check instead of the committed ones (a generated migration not yet listed). */
  histories?: Partial<Record<CheckedDialect, readonly MigrationClass[]>>;
  /** Prints what each step did. */
  log?: (line: string) => void;
}

const committedHistory = (dialect: CheckedDialect): readonly MigrationClass[] => (dialect === "postgres" ? MIGRATIONS : DSQL_MIGRATIONS);

/**
 * The database team's check of every migration, on a scratch database per
 * dialect: apply them all (capturing what each sends), prove the entities
 * and the migrations describe the same schema (postgres: nothing left for
 * the schema builder to change), revert every one and apply them again,
 * and lint each `up`: with squawk on PostgreSQL, with DSQL's rules on the
 * DSQL history. Returns every finding; none means the check passed.
 */
export async function checkMigrations({ serverUrl, dialects = ["postgres", "dsql"], histories = {}, log = () => undefined }: CheckOptions): Promise<CheckFinding[]> {
  const findings: CheckFinding[] = [];
  for (const dialect of dialects) {
    const database = await createCheckDatabase(serverUrl);
    try {
      const env = {
        ...process.env,
        DATABASE_URL: database.url,
        DB_APP_ROLE: database.appRole,
        DB_APP_PASSWORD: database.appPassword,
        DB_DIALECT: dialect,
      };
      const captured = new Map<string, CapturedMigration>();
      const history = histories[dialect] ?? committedHistory(dialect);
      const transactional = new Map(history.map((Migration) => {
        const instance = new Migration();
        return [instance.name ?? Migration.name, (instance as { transaction?: boolean }).transaction !== false] as const;
      }));
      let capturing = true;
      const onStatement = (migration: string, direction: "up" | "down", sql: string) => {
        if (!capturing || direction !== "up") return;
        const entry = captured.get(migration) ?? { name: migration, transactional: transactional.get(migration) ?? true, statements: [] };
        entry.statements.push(sql);
        captured.set(migration, entry);
      };
      const first = await migrate("up", { env, onStatement, history });
      capturing = false;
      log(`${dialect}: ${first.applied.length} migrations applied`);

      if (dialect === "postgres") {
        const drift = (await schemaDrift(env)).up;
        for (const statement of drift) findings.push({ dialect, rule: "schema-drift", statement, message: "the entities differ from what the migrations built: run npm run migrate -- generate <name>" });
        log(`${dialect}: entities and migrations ${drift.length === 0 ? "agree" : `differ (${drift.length} statements)`}`);
      }

      // Every down, newest first, then every up again: both directions work from any point.
      let reverted = 0;
      for (;;) {
        const down = await migrate("down", { env, force: true, history });
        if (down.changed.length === 0) break;
        reverted += down.changed.length;
      }
      const again = await migrate("up", { env, history });
      if (reverted !== first.applied.length || again.changed.length !== first.applied.length) {
        findings.push({ dialect, rule: "down-up", message: `reverted ${reverted} and re-applied ${again.changed.length} of ${first.applied.length} migrations` });
      }
      log(`${dialect}: every migration reverted and applied again`);

      const migrations = [...captured.values()];
      if (dialect === "postgres") {
        for (const finding of await lintWithSquawk(migrations)) findings.push({ dialect, ...finding });
      } else {
        for (const migration of migrations) {
          for (const statement of migration.statements) {
            for (const violation of dsqlStatementViolations(statement)) findings.push({ dialect, migration: migration.name, statement: statement.replace(/\s+/g, " ").trim(), rule: "dsql-rules", message: violation });
          }
        }
      }
      log(`${dialect}: ${migrations.length} migrations linted`);
    } finally {
      await database.drop();
    }
  }
  return findings;
}
