// Linux perf's view of one process, read as V8's own profile is: each
// sample of the main thread charged to the nearest JavaScript function on
// its stack, with the V8 built-ins, runtime functions and kernel code that
// function called. V8's sampling profiler stops the thread to walk its
// stack; perf samples it from the kernel at 10 kHz and names V8's C++ and
// built-ins too (the functions' names come from V8's perf map, written
// when the process runs with PERF_NODE_OPTIONS).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import type { FrameTime } from "./profile-summary";

/** What a measured process runs with, so that perf can name its JavaScript. */
export const PERF_NODE_OPTIONS = ["--perf-basic-prof", "--interpreted-frames-native-stack"];
const SAMPLES_PER_SECOND = 9_999;
const OUTPUT_LIMIT = 1024 * 1024 * 1024;

export function perfAvailable(): boolean {
  return spawnSync("perf", ["--version"]).status === 0;
}

export interface PerfSamples {
  /** The main thread's CPU time, by the JavaScript function it was charged to. */
  mainThread: FrameTime[];
  /** Every other thread's CPU time (V8's compilers and the collector's helpers, libuv's pool), µs. */
  otherThreadsMicros: number;
}

// A JavaScript function in V8's perf map: its tier (~ interpreted, ^ Sparkplug, + Maglev, * TurboFan), name and place (1-based).
const JS_FRAME = /^JS:[~^+*]'?(.*?) ?(\S+):(\d+):(\d+)$/;
const COLLECTOR = /Scaveng|Heap::|MarkCompact|GCTracer|Sweeper|ConcurrentMarking|Evacuat|MinorMS/;

/** The frame a sample is charged to: its nearest JavaScript function, else what kind of native code it ran. */
function chargedFrame(frames: Array<{ symbol: string; dso: string }>): FrameTime["callFrame"] {
  for (const { symbol } of frames) {
    const js = JS_FRAME.exec(symbol);
    if (js) return { functionName: js[1] ?? "", url: js[2] ?? "", lineNumber: Number(js[3]) - 1, columnNumber: Number(js[4]) - 1 };
  }
  const leaf = frames[0];
  const kind = !leaf ? "(native)" : leaf.dso.includes("kernel") ? "(kernel)" : COLLECTOR.test(leaf.symbol) ? "(garbage collector)" : "(native)";
  return { functionName: kind, url: "", lineNumber: -1, columnNumber: -1 };
}

/** The samples of process `pid` in `perf script -F tid,period,ip,sym,dso`'s output. */
export function parsePerfScript(text: string, pid: number): PerfSamples {
  const byFrame = new Map<string, FrameTime>();
  let otherThreadsMicros = 0;
  for (const block of text.split("\n\n")) {
    const [header, ...lines] = block.split("\n").filter((line) => line.trim() !== "");
    if (!header) continue;
    const [tid, period] = header.trim().split(/\s+/).map(Number);
    const micros = (period ?? 0) / 1_000;
    if (tid !== pid) {
      otherThreadsMicros += micros;
      continue;
    }
    const frames = lines.map((line) => {
      const [, symbol = "", dso = ""] = /^\s*[0-9a-f]+ (.*?)(?: \(([^()]*)\))?$/.exec(line) ?? [];
      return { symbol, dso };
    });
    const callFrame = chargedFrame(frames);
    const key = `${callFrame.functionName} ${callFrame.url}:${callFrame.lineNumber}:${callFrame.columnNumber}`;
    const entry = byFrame.get(key) ?? { callFrame, micros: 0 };
    entry.micros += micros;
    byFrame.set(key, entry);
  }
  return { mainThread: [...byFrame.values()], otherThreadsMicros };
}

function readSamples(dataFile: string, pid: number): PerfSamples {
  const script = spawnSync("perf", ["script", "-i", dataFile, "-F", "tid,period,ip,sym,dso"], { encoding: "utf8", maxBuffer: OUTPUT_LIMIT });
  if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr}`);
  return parsePerfScript(script.stdout, pid);
}

/** Starts perf on process `pid` (every thread); stopping it reads what it sampled and removes its files and the process's perf map. */
export async function recordPerf(pid: number, dataFile: string): Promise<{ stop(): Promise<PerfSamples> }> {
  const perf = spawn("perf", ["record", "-F", String(SAMPLES_PER_SECOND), "-g", "-p", String(pid), "-o", dataFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  perf.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => perf.once("exit", resolve));
  // perf writes its file's header once it is attached.
  for (let waited = 0; !existsSync(dataFile); waited += 20) {
    if (perf.exitCode !== null || waited > 10_000) {
      perf.kill();
      throw new Error(`perf record did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    async stop() {
      perf.kill("SIGINT");
      await exited;
      try {
        return readSamples(dataFile, pid);
      } finally {
        rmSync(dataFile, { force: true });
        rmSync(`${dataFile}.old`, { force: true });
        rmSync(`/tmp/perf-${pid}.map`, { force: true });
      }
    },
  };
}
