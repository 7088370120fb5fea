import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./bench-paths";
import { SourceMaps } from "./source-maps";

export interface CallFrame {
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

/** A sampled frame as a reader knows it: its original name and place, and who wrote it. */
export interface ResolvedFrame {
  name: string;
  at: string;
  owner: string;
}

// This repository's workspaces, as package.json lists them: a source in one is that workspace's.
const WORKSPACES = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;

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
  return WORKSPACES.find((workspace) => readable.startsWith(`${workspace}/`)) ?? readable;
}

/** A frame named and placed as in its original source, through the built file's source map where there is one. */
export function resolveFrame({ functionName, url, lineNumber, columnNumber }: CallFrame, maps: SourceMaps): ResolvedFrame {
  const original = url ? maps.original(url, lineNumber, columnNumber) : undefined;
  if (original) return { name: original.name ?? functionName, at: `${original.source}:${original.line}`, owner: ownerOfSource(original.rawSource, original.source) };
  const at = `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}:${columnNumber + 1}`;
  const owner = !url ? functionName || "(native)" : url.startsWith("node:") ? "Node.js" : (url.split("/").pop() ?? url);
  return { name: functionName, at, owner };
}

/** CPU time a profile charged to one frame. */
export interface FrameTime {
  callFrame: CallFrame;
  micros: number;
}

/** What a profile says of the samples it took (in `window`, when given), idle time left out. */
export interface ProfileSummary {
  /** The functions with the most self time, named as in their original source. */
  hottest(count: number): HotFunction[];
  /** Self time per request by who wrote the code, over `requests` answered in the window, most first. */
  byOwner(requests: number): SourceTime[];
}

/** What a V8 CPU profile (--cpu-prof) says of the samples it took in `window`, when given. */
export function summarizeProfile(profilePath: string, window?: ClockWindow): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (window && (at < window.startMicros || at > window.endMicros)) return;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + micros);
  });
  return summarizeFrames([...selfByNode].map(([id, micros]) => ({ callFrame: (nodes.get(id) as ProfileNode).callFrame, micros })));
}

/** The same summary of CPU time charged to frames by any profiler. */
export function summarizeFrames(charged: FrameTime[]): ProfileSummary {
  const maps = new SourceMaps();
  const frames = charged.filter(({ callFrame }) => callFrame.functionName !== "(idle)").map(({ callFrame, micros }) => ({ frame: resolveFrame(callFrame, maps), micros }));
  const total = frames.reduce((sum, { micros }) => sum + micros, 0);
  const sumBy = (key: (frame: ResolvedFrame) => string) => {
    const sums = new Map<string, { frame: ResolvedFrame; micros: number }>();
    for (const { frame, micros } of frames) {
      const entry = sums.get(key(frame)) ?? { frame, micros: 0 };
      entry.micros += micros;
      sums.set(key(frame), entry);
    }
    return [...sums.values()].sort((a, b) => b.micros - a.micros);
  };
  return {
    hottest: (count) =>
      sumBy(({ name, at }) => `${name} ${at}`)
        .slice(0, count)
        .map(({ frame, micros }) => ({ name: frame.name || "(anonymous)", at: frame.at, selfMs: Math.round(micros / 100) / 10, share: Math.round((1000 * micros) / total) / 10 })),
    byOwner: (requests) => sumBy(({ owner }) => owner).map(({ frame, micros }) => ({ owner: frame.owner, microsPerRequest: Math.round((10 * micros) / requests) / 10 })),
  };
}
