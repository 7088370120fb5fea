import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { PROJECT_ROOT, RUN_OUTPUTS } from "./bench-paths";
import type { Measure } from "./measure";
import { PRIMED_SUFFIX, PRIMING_ROUNDS, SEASONED_SUFFIX, SEASONED_WARM_UP } from "./measure-warm";

/** What a full run leaves in the history: when, on what, and its headline measures. */
export interface RecordedRun {
  measuredAt: string;
  /** The commit measured (`+` when the working tree had changes), or the one that recorded the run's results. */
  commit: string | null;
  /** The Node.js the measured processes ran. */
  node: string;
  /** The processor the run met (describeProcessor); not recorded before 2026-12-06. */
  processor?: string;
  measures: Array<Pick<Measure, "name" | "project" | "baseline" | "ratio">>;
}

/** Every full run, oldest first (committed with the results). */
export const RUN_HISTORY = RUN_OUTPUTS.runHistory;

const ROUTES = ["warm-read-get-book", "warm-read-list-books", "warm-write-create-book", "warm-write-create-review"];
const NETWORK_P50 = ROUTES.map((route) => `${route}-p50-across-network`);
const NETWORK_P99 = ROUTES.map((route) => `${route}-p99-across-network`);
const SEASONED = `-p50-${SEASONED_SUFFIX}`;
const PRIMED = `-p50-${PRIMED_SUFFIX}`;

/** The measures a run is remembered by: the targets, and the same work across a network. */
export const HEADLINE_MEASURES = [
  "cold-get-book",
  "cold-get-book-module-load",
  "cold-get-book-first-invocation",
  ...ROUTES.map((route) => `${route}-p50`),
  ...ROUTES.map((route) => `${route}-p99`),
  ...ROUTES.map((route) => `${route}${SEASONED}`),
  ...ROUTES.map((route) => `${route}${PRIMED}`),
  "scaling-first-page-growth",
  "scaling-deep-page-growth",
  "cold-get-book-across-network",
  ...NETWORK_P50,
  ...NETWORK_P99,
  "burst-200-errors",
  "burst-200-server-connections",
];

export function recordedRun(measuredAt: string, commit: string | null, node: string, measures: readonly Measure[], processor?: string): RecordedRun {
  const headline = new Set(HEADLINE_MEASURES);
  return {
    measuredAt,
    commit,
    node,
    ...(processor === undefined ? {} : { processor }),
    measures: measures.filter((m) => headline.has(m.name)).map(({ name, project, baseline, ratio }) => ({ name, project, baseline, ratio })),
  };
}

/** The checkout's commit, `+` when it has uncommitted changes beyond what a run writes; null outside a git checkout. */
export function measuredCommit(cwd: string = __dirname): string | null {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    // A change to what a run writes is an earlier run's output, not a change to the code measured.
    const outputs = Object.values(RUN_OUTPUTS).map((path) => `:(top,exclude)${relative(PROJECT_ROOT, path)}`);
    const changed = git("status", "--porcelain", "--", ":(top)", ...outputs);
    return `${git("rev-parse", "--short", "HEAD")}${changed ? "+" : ""}`;
  } catch {
    return null;
  }
}

export function readRunHistory(path: string): RecordedRun[] {
  return JSON.parse(readFileSync(path, "utf8")) as RecordedRun[];
}

/** Writes the runs oldest first, one per line, so that a new run is a one-line diff. */
export function writeRunHistory(path: string, runs: readonly RecordedRun[]): void {
  writeFileSync(path, `[\n${runs.map((run) => `  ${JSON.stringify(run)}`).join(",\n")}\n]\n`);
}

const fixed = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(2));
const range = (values: Array<number | null>) => {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return "—";
  const [low, high] = [Math.min(...known), Math.max(...known)];
  return low === high ? fixed(low) : `${fixed(low)}–${fixed(high)}`;
};

/** Newest first: each headline ratio of every recorded run, and what the baseline took. */
export function formatRunHistory(runs: readonly RecordedRun[]): string {
  const header =
    `| measured (UTC) | commit | cold start (module load, first invocation) | warm p50: get / list / create book / create review | warm p99: the same | warm p50 after ${SEASONED_WARM_UP.toLocaleString("en")}: the same | warm p50 primed with ${PRIMING_ROUNDS.toLocaleString("en")} a route: the same | page growth: first / deep | across a network: cold, p50, p99 | burst of 200: errors, server connections | baseline: cold ms, p50 ms | processor |\n` +
    "|---|---|---:|---|---|---|---|---|---|---|---|---|";
  const rows = [...runs].reverse().map((run) => {
    const of = (name: string) => run.measures.find((m) => m.name === name);
    const ratio = (name: string) => of(name)?.ratio;
    const each = (suffix: string) => ROUTES.map((route) => fixed(ratio(`${route}${suffix}`))).join(" / ");
    const burst = of("burst-200-errors") ? `${of("burst-200-errors")?.project ?? "—"}, ${of("burst-200-server-connections")?.project ?? "—"}` : "—";
    const ranged = (names: string[]) => range(names.map((name) => ratio(name) ?? null));
    const network = of("cold-get-book-across-network") ? `${fixed(ratio("cold-get-book-across-network"))}, ${ranged(NETWORK_P50)}, ${ranged(NETWORK_P99)}` : "—";
    const cold = `${fixed(ratio("cold-get-book"))} (${fixed(ratio("cold-get-book-module-load"))}, ${fixed(ratio("cold-get-book-first-invocation"))})`;
    const baselineCold = of("cold-get-book")?.baseline;
    const baselineP50 = range(ROUTES.map((route) => of(`${route}-p50`)?.baseline ?? null));
    return [
      run.measuredAt.slice(0, 16).replace("T", " "),
      run.commit === null ? "—" : `\`${run.commit}\``,
      cold,
      each("-p50"),
      each("-p99"),
      each(SEASONED),
      each(PRIMED),
      `${fixed(of("scaling-first-page-growth")?.project)} / ${fixed(of("scaling-deep-page-growth")?.project)}`,
      network,
      burst,
      `${baselineCold === null || baselineCold === undefined ? "—" : Math.round(baselineCold)}, ${baselineP50}`,
      run.processor ?? "—",
    ];
  });
  return [header, ...rows.map((cells) => `| ${cells.join(" | ")} |`)].join("\n");
}

/**
 * Replaces what stands between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->`
 * in a page; the markers must be there, once each.
 */
export function replaceGeneratedSection(page: string, name: string, content: string): string {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const start = page.indexOf(begin);
  const stop = page.indexOf(end);
  if (start < 0 || stop < start || page.indexOf(begin, start + 1) >= 0 || page.indexOf(end, stop + 1) >= 0) {
    throw new Error(`the page has no single ${begin} … ${end} section`);
  }
  return `${page.slice(0, start + begin.length)}\n${content}\n${page.slice(stop)}`;
}
