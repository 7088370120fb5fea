import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

/** Where Linux describes the first core's caches, one folder (index0, index1, …) each. */
const CPU0_CACHES = "/sys/devices/system/cpu/cpu0/cache";

function sizeOf(size: string): string {
  const kilobytes = /^(\d+)K$/.exec(size)?.[1];
  if (kilobytes === undefined) return size;
  const kb = Number(kilobytes);
  return kb >= 1024 && kb % 1024 === 0 ? `${kb / 1024} MB` : `${kb} KB`;
}

/** A core's second-level cache as the system reports it (e.g. "1 MB"); undefined where it does not say. */
export function secondLevelCache(caches: string = CPU0_CACHES): string | undefined {
  let indexes: string[];
  try {
    indexes = readdirSync(caches).filter((name) => name.startsWith("index")).sort();
  } catch {
    return undefined;
  }
  for (const index of indexes) {
    try {
      const read = (file: string) => readFileSync(join(caches, index, file), "utf8").trim();
      if (read("level") === "2") return sizeOf(read("size"));
    } catch {
      // A cache the system describes only in part says nothing of its size.
    }
  }
  return undefined;
}

/**
 * The processor a run met: its model and, where the system says, a core's
 * second-level cache, and what a page's first touch cost (firstTouchMicros).
 * Runs on different machines compare poorly: the project's cold start and
 * its young containers touch more fresh memory than the baseline's
 * (docs/performance.md).
 */
export function describeProcessor(pageTouchMicros?: number, caches?: string): string {
  const model = cpus()[0]?.model.trim() || "unknown CPU";
  const cache = secondLevelCache(caches);
  const parts: string[] = [];
  if (cache) parts.push(`${cache} second-level cache a core`);
  if (pageTouchMicros !== undefined) parts.push(`a page's first touch ${pageTouchMicros.toFixed(pageTouchMicros < 1 ? 2 : 1)} µs`);
  return parts.length > 0 ? `${model} (${parts.join("; ")})` : model;
}
