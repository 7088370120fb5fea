import { readFileSync } from "node:fs";
import { SourceMaps, type OriginalPosition } from "./source-maps";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the monotonic clock in microseconds, the clock of V8's profiles and of process.hrtime. */
export interface ClockWindow {
  startMicros: number;
  endMicros: number;
}

export interface HotFunction {
  name: string;
  /** Its original source and line, through the built file's source map; else the file's last two path segments, line and column. */
  at: string;
  selfMs: number;
  share: number;
}

export interface SourceTime {
  /** Who wrote the code: an npm package, a folder of this repository, Node.js, or a frame of V8's own (the collector, a native call). */
  owner: string;
  microsPerRequest: number;
}

interface Sample {
  frame: CallFrame;
  micros: number;
}

/** The profile's samples (idle time left out), only those taken in `window` when given. */
function samplesOf(profilePath: string, window?: ClockWindow): Sample[] {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples: Sample[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (window && (at < window.startMicros || at > window.endMicros)) return;
    const { callFrame } = nodes.get(id) as ProfileNode;
    if (callFrame.functionName !== "(idle)") samples.push({ frame: callFrame, micros });
  });
  return samples;
}

const WORKSPACE = /^((?:layers|packages|services)\/[^/]+|bench|local|schema-migrator|test)\//;

/** Who wrote an original source, by its path in the map. */
export function ownerOfSource(rawSource: string, readable: string): string {
  const inPackage = rawSource.lastIndexOf("node_modules/");
  if (inPackage >= 0) {
    const [scope, name] = rawSource.slice(inPackage + "node_modules/".length).split("/");
    return scope?.startsWith("@") ? `${scope}/${name}` : (scope ?? readable);
  }
  // TypeORM's published source maps name its TypeScript one folder above
  // the package (../../../src/…), which resolves to a src/ at the root.
  if (readable.startsWith("src/")) return "typeorm";
  return WORKSPACE.exec(readable)?.[1] ?? readable;
}

/** Who wrote a sampled frame: through the built file's source map where it has one. */
function ownerOf(frame: CallFrame, original: OriginalPosition | undefined): string {
  if (original) return ownerOfSource(original.rawSource, original.source);
  if (!frame.url) return frame.functionName || "(native)";
  if (frame.url.startsWith("node:")) return "Node.js";
  return frame.url.split("/").slice(-1)[0] ?? frame.url;
}

/** The functions with the most self time in a V8 CPU profile (--cpu-prof), idle time left out, named as in their original source. */
export function hottestFunctions(profilePath: string, count: number, window?: ClockWindow): HotFunction[] {
  const maps = new SourceMaps();
  const self = new Map<string, { name: string; at: string; micros: number }>();
  let total = 0;
  for (const { frame, micros } of samplesOf(profilePath, window)) {
    const { functionName, url, lineNumber, columnNumber } = frame;
    const original = url ? maps.original(url, lineNumber, columnNumber) : undefined;
    const name = original?.name ?? functionName;
    const at = original ? `${original.source}:${original.line}` : `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}:${columnNumber + 1}`;
    const key = `${name} ${at}`;
    const entry = self.get(key) ?? { name: name || "(anonymous)", at, micros: 0 };
    entry.micros += micros;
    self.set(key, entry);
    total += micros;
  }
  return [...self.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, count)
    .map(({ name, at, micros }) => ({ name, at, selfMs: Math.round(micros / 100) / 10, share: Math.round((1000 * micros) / total) / 10 }));
}

/** Self time per request by who wrote the code, over the `requests` answered in `window`, most first. */
export function selfTimeByOwner(profilePath: string, window: ClockWindow, requests: number): SourceTime[] {
  const maps = new SourceMaps();
  const byOwner = new Map<string, number>();
  for (const { frame, micros } of samplesOf(profilePath, window)) {
    const original = frame.url ? maps.original(frame.url, frame.lineNumber, frame.columnNumber) : undefined;
    const owner = ownerOf(frame, original);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
  }
  return [...byOwner].sort((a, b) => b[1] - a[1]).map(([owner, micros]) => ({ owner, microsPerRequest: Math.round((10 * micros) / requests) / 10 }));
}
