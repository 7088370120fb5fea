import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface CapturedMigration {
  name: string;
  /** Whether it runs inside a transaction (false: `transaction = false`, alone). */
  transactional: boolean;
  statements: string[];
}

export interface LintFinding {
  migration: string;
  statement: string;
  rule: string;
  message: string;
}

const run = promisify(execFile);
const PROJECT_ROOT = join(__dirname, "..", "..", "..");
const SQUAWK = join(PROJECT_ROOT, "node_modules", ".bin", "squawk");
const CONFIG = join(PROJECT_ROOT, ".squawk.toml");

interface SquawkViolation {
  file: string;
  line: number;
  rule_name: string;
  message: string;
}

/**
 * Lints each migration's statements (its `up`, as it sent them) with
 * squawk and the committed .squawk.toml: a transactional migration as a
 * file run in one transaction, one that runs alone as a file run outside.
 */
export async function lintWithSquawk(migrations: readonly CapturedMigration[]): Promise<LintFinding[]> {
  const folder = await mkdtemp(join(tmpdir(), "bookstore-squawk-"));
  try {
    const findings: LintFinding[] = [];
    for (const migration of migrations) {
      if (migration.statements.length === 0) continue;
      const file = join(folder, `${migration.name}.sql`);
      // One statement per line, so that a finding's line is its statement.
      await writeFile(file, migration.statements.map((statement) => `${statement.replace(/\s+/g, " ").trim().replace(/;$/, "")};`).join("\n"));
      const args = [file, "--config", CONFIG, "--reporter", "json", migration.transactional ? "--assume-in-transaction" : "--no-assume-in-transaction"];
      const output = await run(SQUAWK, args).then(
        ({ stdout }) => stdout,
        (error: { stdout?: string; message: string }) => {
          if (error.stdout?.trim().startsWith("[")) return error.stdout;
          throw new Error(`squawk could not lint ${migration.name}: ${error.message}`);
        },
      );
      for (const violation of JSON.parse(output) as SquawkViolation[]) {
        findings.push({ migration: migration.name, statement: migration.statements[violation.line]?.replace(/\s+/g, " ").trim() ?? "", rule: violation.rule_name, message: violation.message });
      }
    }
    return findings;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
