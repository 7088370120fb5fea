import type { DataSource, QueryRunner } from "@bookstore/orm";
import { reportWaiting } from "./waiting-report";

interface InvalidIndex {
  name: string;
  definition: string;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Indexes an interrupted CREATE INDEX CONCURRENTLY left INVALID (not used
 * by queries, still maintained on every write): each is dropped, without
 * blocking writes, so that the migration that builds it can run again.
 * Returns them, for `restoreMissingIndexes` to rebuild any that no
 * pending migration builds.
 */
export async function dropInvalidIndexes(runner: QueryRunner): Promise<InvalidIndex[]> {
  const invalid = (await runner.query(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND n.nspname = current_schema()`,
  )) as InvalidIndex[];
  for (const index of invalid) {
    reportWaiting(`index ${index.name} was left INVALID by an interrupted build: dropping it to build it again`);
    await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoted(index.name)}`);
  }
  return invalid;
}

/** Builds again (concurrently) each dropped index that the migrations did not build. */
export async function restoreMissingIndexes(runner: QueryRunner, dropped: readonly InvalidIndex[]): Promise<void> {
  for (const index of dropped) {
    const [present] = (await runner.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = current_schema()`, [
      index.name,
    ])) as unknown[];
    if (present) continue;
    reportWaiting(`rebuilding index ${index.name}`);
    await runner.query(index.definition.replace(/^CREATE (UNIQUE )?INDEX /, (start) => `${start}CONCURRENTLY `));
  }
}

interface BuildProgress {
  index: string | null;
  phase: string;
  blocks_done: string;
  blocks_total: string;
  tuples_done: string;
  tuples_total: string;
}

/**
 * While `work` runs, reads pg_stat_progress_create_index from another
 * connection every `intervalMs` and reports each index build's phase and
 * blocks (or tuples) done, whenever they change.
 */
export async function watchingIndexBuilds<T>(dataSource: DataSource, work: () => Promise<T>, intervalMs = 1_000): Promise<T> {
  let last = "";
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const builds = (await dataSource.query(
        `SELECT c.relname AS index, p.phase, p.blocks_done, p.blocks_total, p.tuples_done, p.tuples_total
           FROM pg_stat_progress_create_index p LEFT JOIN pg_class c ON c.oid = p.index_relid
          WHERE p.datname = current_database()`,
      )) as BuildProgress[];
      for (const build of builds) {
        const counted = Number(build.blocks_total) > 0 ? `${build.blocks_done}/${build.blocks_total} blocks` : Number(build.tuples_total) > 0 ? `${build.tuples_done}/${build.tuples_total} tuples` : "";
        const line = `index ${build.index ?? "(new)"}: ${build.phase}${counted ? `, ${counted}` : ""}`;
        if (line !== last) reportWaiting(line);
        last = line;
      }
    } catch {
      // Progress is a courtesy: a failed read never fails the migration.
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
