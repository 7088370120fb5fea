import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dsqlStatementViolations } from "../dsql/dsql-rules";
import { migrate } from "../migrate";
import { createCheckDatabase } from "./check-database";
import { migrationSource, type MigrationDraft } from "./migration-source";
import { schemaDrift } from "./schema-drift";

export type GenerateTarget = "postgres" | "dsql";

export interface GenerateOptions {
  /** What the change does, as a file name: `add-book-subtitle`. */
  name: string;
  target: GenerateTarget;
  /** Allow a step that removes or narrows (a contract step). */
  contract: boolean;
  serverUrl: string;
  /** The schema-migrator/src folder to write into (tests write into a copy). */
  sourceFolder?: string;
  now?: () => number;
}

export interface GenerateResult {
  /** Files written, relative to the source folder; none when nothing differs. */
  written: string[];
}

export class GenerateRefusedError extends Error {
  override readonly name = "GenerateRefusedError";
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

// What removes or narrows: the previous release may still read it.
const DESTRUCTIVE: Array<[RegExp, string]> = [
  [/\bDROP\s+TABLE\b/i, "drops a table"],
  [/\bDROP\s+COLUMN\b/i, "drops a column"],
  [/\bRENAME\b/i, "renames"],
  [/\bALTER\s+COLUMN\s+\S+\s+TYPE\b/i, "changes a column's type"],
  [/\bSET\s+NOT\s+NULL\b/i, "makes a column required"],
  [/\bDROP\s+CONSTRAINT\b/i, "drops a constraint"],
  [/\bDROP\s+INDEX\b/i, "drops an index"],
];

const pascal = (name: string) => name.split("-").map((word) => word[0]?.toUpperCase() + word.slice(1)).join("");

/** A CREATE INDEX on a table that exists: built without blocking writes, alone. */
const isIndexBuild = (sql: string) => /^\s*CREATE\s+(UNIQUE\s+)?INDEX\b/i.test(sql);
const concurrently = (sql: string) => sql.replace(/^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+/i, (start) => `${start}CONCURRENTLY `);
const asyncIndex = (sql: string) => sql.replace(/^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+/i, (start) => `${start}ASYNC `);
const dropConcurrently = (sql: string) => sql.replace(/^\s*DROP\s+INDEX\s+/i, "DROP INDEX CONCURRENTLY ");

/** The migrations that take the head schema to the entities, split as the target needs them. */
function drafts(name: string, target: GenerateTarget, timestamp: number, up: string[], down: string[]): MigrationDraft[] {
  const builds = up.filter(isIndexBuild);
  const rest = up.filter((sql) => !isIndexBuild(sql));
  const indexDowns = down.filter((sql) => /^\s*DROP\s+INDEX\b/i.test(sql));
  const restDowns = down.filter((sql) => !/^\s*DROP\s+INDEX\b/i.test(sql));
  const base = pascal(name);
  const suffix = target === "dsql" ? "-dsql" : "";
  const result: MigrationDraft[] = [];
  if (rest.length > 0) {
    result.push({ className: `${base}${target === "dsql" ? "Dsql" : ""}${timestamp}`, fileName: `${timestamp}-${name}${suffix}.ts`, transactional: true, up: rest, down: restDowns, summary: `${name}: the entities' change.` });
  }
  if (builds.length > 0) {
    const at = rest.length > 0 ? timestamp + 1000 : timestamp;
    result.push({
      className: `${base}Indexes${target === "dsql" ? "Dsql" : ""}${at}`,
      fileName: `${at}-${name}-indexes${suffix}.ts`,
      // Built without blocking writes: CONCURRENTLY (outside a transaction) on PostgreSQL, ASYNC on DSQL.
      transactional: false,
      up: builds.map(target === "dsql" ? asyncIndex : concurrently),
      down: target === "dsql" ? indexDowns : indexDowns.map(dropConcurrently),
      summary: `${name}: its indexes, built without blocking writes.`,
    });
  }
  return result;
}

/** Adds each draft's class to the dialect's history in migration-history.ts. */
function register(sourceFolder: string, target: GenerateTarget, written: MigrationDraft[]): void {
  const historyFile = join(sourceFolder, "migration-history.ts");
  let history = readFileSync(historyFile, "utf8");
  const folder = target === "dsql" ? "migrations-dsql" : "migrations";
  const list = target === "dsql" ? "DSQL_MIGRATIONS" : "MIGRATIONS";
  for (const draft of written) {
    const imported = `import { ${draft.className} } from "./${folder}/${draft.fileName.replace(/\.ts$/, "")}";\n`;
    history = imported + history;
    const declaration = new RegExp(`(export const ${list} = \\[[\\s\\S]*?)(\\n\\];)`);
    if (!declaration.test(history)) throw new Error(`${historyFile}: no ${list} list to add ${draft.className} to`);
    history = history.replace(declaration, `$1\n  ${draft.className},$2`);
  }
  writeFileSync(historyFile, history);
}

/**
 * `npm run migrate -- generate <name>`: migrates a scratch database to the
 * head of the PostgreSQL history, asks TypeORM's schema builder what would
 * make it match the entities, and writes that as migrations of the
 * target's history (registered in migration-history.ts): index builds
 * apart and non-blocking (CONCURRENTLY, or ASYNC on DSQL). Refuses a step
 * that removes or narrows unless `contract`. Writes nothing when nothing
 * differs.
 */
export async function generateMigration(options: GenerateOptions): Promise<GenerateResult> {
  if (!NAME.test(options.name)) throw new GenerateRefusedError(`"${options.name}" is not a migration name: lower-case words joined by hyphens, e.g. add-book-subtitle`);
  const sourceFolder = options.sourceFolder ?? join(__dirname, "..");
  const database = await createCheckDatabase(options.serverUrl);
  let drift: { up: string[]; down: string[] };
  try {
    const env = { ...process.env, DATABASE_URL: database.url, DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: database.appPassword, DB_DIALECT: "postgres" };
    await migrate("up", { env });
    drift = await schemaDrift(env);
  } finally {
    await database.drop();
  }
  if (drift.up.length === 0) return { written: [] };
  if (!options.contract) {
    const removals = drift.up.flatMap((sql) => DESTRUCTIVE.filter(([pattern]) => pattern.test(sql)).map(([, what]) => `${what}: ${sql}`));
    if (removals.length > 0) {
      throw new GenerateRefusedError(
        `refusing a step that ${removals.join("; ")}. Removals ship later, in a migration of their own, once no running release reads the old shape; then pass --contract`,
      );
    }
  }
  // TypeORM's statements, with their stray spaces collapsed.
  const tidy = (statements: string[]) => statements.map((sql) => sql.replace(/\s+/g, " ").trim());
  const written = drafts(options.name, options.target, (options.now ?? Date.now)(), tidy(drift.up), tidy(drift.down));
  if (options.target === "dsql") {
    const violations = written.flatMap((draft) => draft.up.flatMap((sql) => dsqlStatementViolations(sql).map((violation) => `${violation}: ${sql}`)));
    if (violations.length > 0) throw new GenerateRefusedError(`DSQL cannot run this change as generated (${violations.join("; ")}); write its DSQL migration by hand`);
  }
  const folder = join(sourceFolder, options.target === "dsql" ? "migrations-dsql" : "migrations");
  for (const draft of written) writeFileSync(join(folder, draft.fileName), migrationSource(draft));
  register(sourceFolder, options.target, written);
  return { written: written.map((draft) => join(options.target === "dsql" ? "migrations-dsql" : "migrations", draft.fileName)) };
}
