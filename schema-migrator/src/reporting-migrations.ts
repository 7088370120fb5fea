import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

export type MigrationClass = new () => MigrationInterface;

export interface MigrationProgress {
  migration: string;
  direction: "up" | "down";
  /** `waiting`: a long step under way (an index build, a DSQL job), told in `detail`. */
  phase: "start" | "done" | "waiting";
  durationMs?: number;
  detail?: string;
}

/**
 * The same migrations, each telling `report` when it starts and finishes,
 * so the CLI can print them as they run rather than after the fact.
 */
export function reportingMigrations(
  migrations: readonly MigrationClass[],
  report: (progress: MigrationProgress) => void,
  onStatement?: (migration: string, direction: "up" | "down", sql: string) => void,
): MigrationClass[] {
  const recording = (runner: QueryRunner, migration: string, direction: "up" | "down"): QueryRunner =>
    onStatement
      ? new Proxy(runner, {
          get: (target, property, receiver) =>
            property === "query"
              ? (sql: string, ...rest: unknown[]) => {
                  onStatement(migration, direction, sql);
                  return (target.query as (...args: unknown[]) => unknown)(sql, ...rest);
                }
              : Reflect.get(target, property, receiver),
        })
      : runner;
  return migrations.map((Migration) => {
    const run = async (instance: MigrationInterface, direction: "up" | "down", step: () => Promise<unknown>) => {
      const migration = instance.name ?? Migration.name;
      report({ migration, direction, phase: "start" });
      const started = performance.now();
      await step();
      report({ migration, direction, phase: "done", durationMs: Math.round(performance.now() - started) });
    };
    class Reporting extends Migration {
      override async up(runner: QueryRunner): Promise<void> {
        await run(this, "up", () => super.up(recording(runner, this.name ?? Migration.name, "up")));
      }
      override async down(runner: QueryRunner): Promise<void> {
        await run(this, "down", () => super.down(recording(runner, this.name ?? Migration.name, "down")));
      }
    }
    Object.defineProperty(Reporting, "name", { value: Migration.name });
    return Reporting;
  });
}

/**
 * DSQL migrations run on plain PostgreSQL (the dsql dialect locally): each
 * statement passes through `adapt` (forPostgres) on its way to the database.
 */
export function adaptedMigrations(migrations: readonly MigrationClass[], adapt: (sql: string) => string): MigrationClass[] {
  const adapting = (runner: QueryRunner): QueryRunner =>
    new Proxy(runner, {
      get: (target, property, receiver) =>
        property === "query" ? (sql: string, ...rest: unknown[]) => (target.query as (...args: unknown[]) => unknown)(adapt(sql), ...rest) : Reflect.get(target, property, receiver),
    });
  return migrations.map((Migration) => {
    class Adapted extends Migration {
      override up(runner: QueryRunner): Promise<void> {
        return super.up(adapting(runner));
      }
      override down(runner: QueryRunner): Promise<void> {
        return super.down(adapting(runner));
      }
    }
    Object.defineProperty(Adapted, "name", { value: Migration.name });
    return Adapted;
  });
}
