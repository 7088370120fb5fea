import { join, resolve } from "node:path";

/** The bench's own folder. */
export const BENCH_ROOT = resolve(__dirname, "..");
/** The checkout the bench measures. */
export const PROJECT_ROOT = resolve(BENCH_ROOT, "..");

/** What a run writes. */
export const RUN_OUTPUTS = {
  results: join(BENCH_ROOT, "results.json"),
  quickResults: join(BENCH_ROOT, "results-quick.json"),
  runHistory: join(BENCH_ROOT, "run-history.json"),
  performancePage: join(PROJECT_ROOT, "docs", "performance.md"),
  warmLatencyChart: join(PROJECT_ROOT, "docs", "performance-warm-latency.svg"),
  coldStartChart: join(PROJECT_ROOT, "docs", "performance-cold-start.svg"),
};
