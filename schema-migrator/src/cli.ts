import { migrate } from "./migrate";
import { libpqUrlOf } from "@bookstore/orm";
import { parseArgs } from "node:util";
import { generateMigration } from "./check/generate-migration";
import { checkMigrations } from "./check/run-check";
import { migrationFile } from "./check/migration-file";
import { parseAction } from "./parse-action";
import { MIGRATION_ACTIONS, type MigrationReport } from "./run-migrations";

function printReport(report: MigrationReport): void {
  if (report.action === "status") {
    for (const name of report.applied) console.log(`  [x] ${name}`);
    for (const name of report.pending) console.log(`  [ ] ${name}`);
  }
  const verb = report.action === "down" ? "reverted" : "applied";
  if (report.action !== "status") {
    console.log(report.changed.length === 0 ? `nothing to do` : `${report.changed.length} migration(s) ${verb}`);
  }
  console.log(`${report.applied.length} applied, ${report.pending.length} pending`);
}

/** `check`: every migration of both dialects on scratch databases of the configured server; one line per finding. */
async function check(flags: string[]): Promise<void> {
  if (flags.length > 0) throw new Error(`unknown option ${flags.join(" ")}; check takes none`);
  const serverUrl = libpqUrlOf(process.env);
  const findings = await checkMigrations({ serverUrl, log: (line) => console.log(`  ${line}`) });
  for (const { dialect, migration, statement, rule, message } of findings) {
    console.log(`FAILED ${dialect} ${migration ? `${migrationFile(migration, dialect)}: ` : ""}${rule}: ${message}${statement ? `\n       ${statement}` : ""}`);
  }
  if (findings.length > 0) throw new Error(`${findings.length} finding(s)`);
  console.log("check passed: every migration applies, reverts and lints clean; entities and migrations agree");
}

/** `generate <name> [--target postgres|dsql] [--contract]`: writes what makes the head schema match the entities. */
async function generate(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { target: { type: "string", default: "postgres" }, contract: { type: "boolean", default: false } } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new Error("usage: npm run migrate -- generate <name> [--target postgres|dsql] [--contract]");
  if (values.target !== "postgres" && values.target !== "dsql") throw new Error(`--target ${values.target} is not one of postgres, dsql`);
  const { written } = await generateMigration({ name, target: values.target, contract: values.contract === true, serverUrl: libpqUrlOf(process.env) });
  if (written.length === 0) {
    console.log("nothing to generate: the entities and the migrations describe the same schema");
    return;
  }
  for (const file of written) console.log(`wrote schema-migrator/src/${file}`);
  console.log("added to schema-migrator/src/migration-history.ts; read it, then run npm run migrate -- check");
}

async function main(): Promise<void> {
  const [given, ...flags] = process.argv.slice(2);
  if (given === "check") return check(flags);
  if (given === "generate") return generate(flags);
  if (given !== undefined && !(MIGRATION_ACTIONS as readonly string[]).includes(given)) {
    throw new Error(`action must be one of ${[...MIGRATION_ACTIONS, "check", "generate"].join(", ")}; got ${JSON.stringify(given)}`);
  }
  const action = parseAction(given ?? "status");
  const unknown = flags.filter((flag) => flag !== "--force");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(" ")}; the only one is --force (down only)`);
  // On a terminal the latest progress line is rewritten in place; elsewhere (CI, logs) each is a line.
  const live = process.stdout.isTTY === true;
  let overwriting = false;
  const endLiveLine = () => {
    if (overwriting) process.stdout.write("\n");
    overwriting = false;
  };
  const report = await migrate(action, {
    force: flags.includes("--force"),
    onWaiting: (detail) => {
      if (!live) return console.log(`    ${detail}`);
      process.stdout.write(`\r\x1b[2K    ${detail}`);
      overwriting = true;
    },
    onConnected: (target) => console.log(`${action}: ${target}`),
    onProgress: ({ migration, direction, phase, durationMs }) => {
      endLiveLine();
      if (phase === "start") console.log(`  ${direction === "up" ? "applying" : "reverting"} ${migration} …`);
      else console.log(`  ${migration} done in ${durationMs} ms`);
    },
  });
  printReport(report);
}

main().catch((error: unknown) => {
  // One line, no stack: the message names the setting at fault.
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
