// The garbage collector's pauses in this process, as V8 reports them to
// perf_hooks: young-generation collections (scavenges), and the
// old generation's (full collections and their incremental steps).
import { constants, PerformanceObserver } from "node:perf_hooks";

/** Set in a bench worker's environment, it reports the pauses of each run. */
export const COLLECTOR_PAUSES_VARIABLE = "BENCH_COLLECTOR_PAUSES";

/** Pause of each collection, in ms. */
export interface CollectorPauses {
  young: number[];
  old: number[];
}

/** Starts recording; the function returned hands over what was recorded since the last call. */
export function recordCollectorPauses(): () => Promise<CollectorPauses> {
  let pauses: CollectorPauses = { young: [], old: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { kind } = (entry as unknown as { detail: { kind: number } }).detail;
      (kind === constants.NODE_PERFORMANCE_GC_MINOR ? pauses.young : pauses.old).push(entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  return async () => {
    // Entries reach the observer asynchronously: one turn of the event loop delivers the last ones.
    await new Promise((resolve) => setImmediate(resolve));
    const recorded = pauses;
    pauses = { young: [], old: [] };
    return recorded;
  };
}
