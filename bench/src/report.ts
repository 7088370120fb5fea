import { readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { RUN_OUTPUTS } from "./bench-paths";
import { coldStartChart, latencyChart, type LatencyDistribution } from "./charts";
import { measure, type Measure } from "./measure";
import { formatRunHistory, replaceGeneratedSection, type RecordedRun } from "./run-history";

/** The machine a run met; `processor` as describeProcessor says it. */
export function describeMachine(processor: string, serverVersion: string, measuredNode: string): string {
  return [
    `${cpus().length} × ${processor}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
    `${process.platform} ${release()}`,
    `Node.js ${measuredNode} (the measured processes; the bench itself on ${process.versions.node})`,
    `PostgreSQL ${serverVersion} (${process.env.DATABASE_URL ? "DATABASE_URL's server" : "embedded"})`,
  ].join(", ");
}

const cell = (value: number | null | undefined) => (value === null || value === undefined ? "—" : String(value));

/** The headline measures again on another Node.js (this machine's), for a second column. */
export interface SecondColumn {
  node: string;
  measures: Measure[];
}

/** The results as a Markdown table: what docs/performance.md shows. */
export function formatTable(measures: Measure[], second?: SecondColumn): string {
  const ratios = new Map(second?.measures.map((m) => [m.name, m.ratio]));
  const extra = second ? ` ratio on Node ${second.node} |` : "";
  const header = `| measure | unit | project | baseline | project / baseline | target | met |${extra}\n|---|---|---:|---:|---:|---|---|${second ? "---:|" : ""}`;
  const rows = measures.map(
    (m) =>
      `| ${m.name} | ${m.unit} | ${cell(m.project)} | ${cell(m.baseline)} | ${cell(m.ratio)} | ${m.target ?? ""} | ${m.met === undefined ? "" : m.met ? "yes" : "**no**"} |${second ? ` ${cell(ratios.get(m.name))} |` : ""}`,
  );
  return [header, ...rows].join("\n");
}

export function writeResults(path: string, machine: string, mode: string, measuredAt: string, measures: Measure[], second?: SecondColumn): void {
  writeFileSync(path, `${JSON.stringify({ machine, mode, measuredAt, measures, ...(second ? { onMachineNode: second } : {}) }, null, 2)}\n`);
}

const projectOf = (measures: readonly Measure[], name: string) => measures.find((m) => m.name === name)?.project ?? null;
const baselineOf = (measures: readonly Measure[], name: string) => measures.find((m) => m.name === name)?.baseline ?? null;

/** A create with a fresh Idempotency-Key against the same create without one, both the project's. */
export function idempotencyKeyCost(measures: readonly Measure[], keyed: readonly Measure[]): Measure {
  return measure(
    "idempotency-key-cost-create-book-p50",
    "ms",
    projectOf(keyed, "warm-write-create-book-with-idempotency-key-p50"),
    projectOf(measures, "warm-write-create-book-p50"),
    undefined,
    "project with a key / project without (the baseline column is the keyless create here)",
  );
}

/** The charts of the performance page: warm latency distributions and the cold start split. */
export function writeCharts(measures: readonly Measure[], distributions: readonly LatencyDistribution[], node: string): void {
  writeFileSync(RUN_OUTPUTS.warmLatencyChart, latencyChart(distributions, `Warm latency per route on Node ${node}: project (TypeORM layer) and baseline (raw pg)`));
  const cold = (side: "project" | "baseline") => {
    const of = side === "project" ? projectOf : baselineOf;
    return {
      side,
      totalMs: of(measures, "cold-get-book") ?? 0,
      moduleLoadMs: of(measures, "cold-get-book-module-load") ?? 0,
      firstInvocationMs: of(measures, "cold-get-book-first-invocation") ?? 0,
    };
  };
  if (projectOf(measures, "cold-get-book") !== null) {
    writeFileSync(RUN_OUTPUTS.coldStartChart, coldStartChart([cold("project"), cold("baseline")], `Cold start of GET /book/{id} on Node ${node} (medians)`));
  }
}

/** The performance page's table of the latest full run and its table of every recorded run. */
export function writePerformancePage(latestRun: string, runs: readonly RecordedRun[]): void {
  const path = RUN_OUTPUTS.performancePage;
  const withLatest = replaceGeneratedSection(readFileSync(path, "utf8"), "latest-run", latestRun);
  writeFileSync(path, replaceGeneratedSection(withLatest, "run-history", formatRunHistory(runs)));
}
