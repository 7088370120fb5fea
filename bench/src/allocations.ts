// What warm requests allocate, and whose code allocates it, from V8's
// sampling heap profiler with the objects the collector has since freed kept
// in: a request's garbage, which the collector's work and the core's caches
// pay for, where a heap snapshot shows only what lives on.
import { connectInspector } from "./inspector-session";
import type { CallFrame } from "./profile-summary";

/** Set in a bench worker's environment, it reports what each run allocated. */
export const ALLOCATIONS_VARIABLE = "BENCH_ALLOCATIONS";

// A sample every 1 KB allocated, on average: thousands a request's worth over a run.
const SAMPLING_INTERVAL_BYTES = 1024;

/** Bytes allocated in one function, and whose code they are charged to. */
export interface AllocationSite {
  callFrame: CallFrame;
  /** The function itself, or for one of Node.js's own or V8's the nearest caller that is neither (undefined when none is). */
  chargedTo: CallFrame | undefined;
  bytes: number;
}

interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: ProfileNode[];
}

/** Whether a function is Node.js's own or V8's (no script). */
const isRuntime = (url: string) => url === "" || url.startsWith("node:");

const keyOf = (frame: CallFrame | undefined) => (frame ? `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}` : "");

/** The sampled allocations of a profile's tree, each function once per frame it is charged to. */
export function allocationSites(root: ProfileNode): AllocationSite[] {
  const sites = new Map<string, AllocationSite>();
  const visit = (node: ProfileNode, nearestScript: CallFrame | undefined) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const callFrame = { functionName, url, lineNumber, columnNumber };
    const chargedTo = isRuntime(url) ? nearestScript : callFrame;
    if (node.selfSize > 0) {
      const key = `${keyOf(callFrame)}>${keyOf(chargedTo)}`;
      const site = sites.get(key) ?? { callFrame, chargedTo, bytes: 0 };
      site.bytes += node.selfSize;
      sites.set(key, site);
    }
    for (const child of node.children) visit(child, chargedTo);
  };
  visit(root, undefined);
  return [...sites.values()];
}

export interface AllocationRecorder {
  /** What was allocated since the recording started or was last taken. */
  take(): Promise<AllocationSite[]>;
  stop(): void;
}

/** Starts sampling this process's allocations. */
export function recordAllocations(): AllocationRecorder {
  const session = connectInspector();
  const start = () =>
    session.post("HeapProfiler.startSampling", { samplingInterval: SAMPLING_INTERVAL_BYTES, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  let started = session.post("HeapProfiler.enable").then(start);
  return {
    async take() {
      await started;
      const { profile } = await session.post<{ profile: { head: ProfileNode } }>("HeapProfiler.stopSampling");
      started = start();
      await started;
      return allocationSites(profile.head);
    },
    stop: () => session.disconnect(),
  };
}

export interface AllocationsOfOwner {
  owner: string;
  bytesPerRequest: number;
}

/**
 * Bytes allocated a request by whose code: `ownerOf` names the owner of a
 * function, or undefined to leave it out (the bench's own worker). What
 * Node.js's own functions allocate is charged to the code that called them,
 * as perf's tables charge the runtime's time. Largest first, then the total.
 */
export function allocationsByOwner(sites: AllocationSite[], invocations: number, ownerOf: (frame: CallFrame | undefined) => string | undefined): AllocationsOfOwner[] {
  const owners = new Map<string, number>();
  for (const site of sites) {
    const owner = ownerOf(site.chargedTo);
    if (owner === undefined) continue;
    owners.set(owner, (owners.get(owner) ?? 0) + site.bytes);
  }
  const rows = [...owners].map(([owner, bytes]) => ({ owner, bytesPerRequest: bytes / invocations })).sort((a, b) => b.bytesPerRequest - a.bytesPerRequest);
  return [...rows, { owner: "all", bytesPerRequest: rows.reduce((sum, row) => sum + row.bytesPerRequest, 0) }];
}
