// Which functions a warm request calls, and how often, from V8's precise
// coverage with call counts: how much distinct code a request runs, where
// instruction counts say only how much of it is executed.
import { connectInspector } from "./inspector-session";

/** Set in a bench worker's environment, it reports the functions each run called. */
export const FUNCTION_CALLS_VARIABLE = "BENCH_FUNCTION_CALLS";

export interface CalledFunction {
  url: string;
  name: string;
  calls: number;
}

interface FunctionCoverage {
  functionName: string;
  ranges: Array<{ count: number }>;
}

export interface FunctionCallRecorder {
  /** The functions called since the recording started or was last taken. */
  take(): Promise<CalledFunction[]>;
  stop(): void;
}

/** Starts counting every function's calls in this process. */
export function recordFunctionCalls(): FunctionCallRecorder {
  const session = connectInspector();
  const started = session.post("Profiler.enable").then(() => session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false }));
  return {
    async take() {
      await started;
      // Taking precise coverage resets its counts.
      const { result } = await session.post<{ result: Array<{ url: string; functions: FunctionCoverage[] }> }>("Profiler.takePreciseCoverage");
      return result.flatMap(({ url, functions }) =>
        functions.filter(({ ranges }) => (ranges[0]?.count ?? 0) > 0).map(({ functionName, ranges }) => ({ url, name: functionName, calls: ranges[0]!.count })),
      );
    },
    stop: () => session.disconnect(),
  };
}

export interface CallsOfOwner {
  owner: string;
  /** Distinct functions called. */
  functions: number;
  callsPerRequest: number;
}

/**
 * The functions called in `invocations` requests, by whose code they are:
 * `ownerOf` names the owner of a script's URL, or undefined to leave it out
 * (the bench's own worker). Largest first, then the total.
 */
export function callsByOwner(called: CalledFunction[], invocations: number, ownerOf: (url: string) => string | undefined): CallsOfOwner[] {
  const owners = new Map<string, { functions: number; calls: number }>();
  for (const { url, calls } of called) {
    const owner = ownerOf(url);
    if (owner === undefined) continue;
    const sum = owners.get(owner) ?? { functions: 0, calls: 0 };
    sum.functions += 1;
    sum.calls += calls;
    owners.set(owner, sum);
  }
  const rows = [...owners].map(([owner, { functions, calls }]) => ({ owner, functions, callsPerRequest: calls / invocations })).sort((a, b) => b.functions - a.functions);
  const total = rows.reduce((sum, row) => ({ ...sum, functions: sum.functions + row.functions, callsPerRequest: sum.callsPerRequest + row.callsPerRequest }), { owner: "all", functions: 0, callsPerRequest: 0 });
  return [...rows, total];
}
