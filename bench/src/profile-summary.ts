import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** Where it is: the file's last two path segments, line and column. */
  at: string;
  selfMs: number;
  share: number;
}

/** The functions with the most self time in a V8 CPU profile (--cpu-prof), idle time left out. */
export function hottestFunctions(profilePath: string, count: number): HotFunction[] {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { name: string; at: string; micros: number }>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber, columnNumber } = (nodes.get(id) as ProfileNode).callFrame;
    if (functionName === "(idle)") return;
    const micros = profile.timeDeltas[index] ?? 0;
    const at = `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}:${columnNumber + 1}`;
    const key = `${functionName} ${at}`;
    const entry = self.get(key) ?? { name: functionName || "(anonymous)", at, micros: 0 };
    entry.micros += micros;
    self.set(key, entry);
    total += micros;
  });
  return [...self.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, count)
    .map(({ name, at, micros }) => ({ name, at, selfMs: Math.round(micros / 100) / 10, share: Math.round((1000 * micros) / total) / 10 }));
}
