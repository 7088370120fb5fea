// npm run bench:profile -- <route> [--invocations=N] [--with-telemetry[=unsampled]] [--megamorphic] [--functions] [--allocations] [--perf]
// Profiles one warm route as the bench runs it (the deployed bundles and the
// layer on Lambda's Node.js, the raw pg baseline beside it) with V8's
// sampling profiler, keeps the .cpuprofile files (open them in Chrome
// DevTools or VS Code) and prints where each side spends its CPU and how
// long the garbage collector paused it. With --with-telemetry the project
// runs with metrics and tracing on, as deployed, every invocation sampled;
// with --with-telemetry=unsampled none is (as X-Ray's default rule leaves
// most requests). With --megamorphic it also
// lists the project's property accesses that V8 left megamorphic (more than
// four object shapes met), from V8's IC log, mapped to their sources. With
// --functions it also counts, on each side, the distinct functions the
// invocations called and the calls a request, by whose code they are. With
// --allocations it also samples what each side's invocations allocate (V8's
// sampling heap profiler, freed objects counted), by whose code, Node.js's
// own allocations charged to the code that called them. With
// --perf the tables come from Linux perf instead of V8's profiler (no file
// kept): the main thread's CPU with V8's built-ins, runtime and the kernel
// charged to the JavaScript that called them, and the other threads' CPU.
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { openBenchDatabase, seedBenchData } from "./bench-database";
import { buildBenchScripts } from "./bench-scripts";
import { startContainer } from "./containers";
import type { RunResult } from "./worker";
import { synthesizeDeployedArtifacts } from "./deployed-artifacts";
import { BENCH_ROOT } from "./bench-paths";
import { COLLECTOR_PAUSES_VARIABLE, type CollectorPauses } from "./collector-pauses";
import { callsByOwner, FUNCTION_CALLS_VARIABLE, type CalledFunction, type CallsOfOwner } from "./function-calls";
import { ALLOCATIONS_VARIABLE, allocationsByOwner, type AllocationSite, type AllocationsOfOwner } from "./allocations";
import { megamorphicSites } from "./megamorphic-sites";
import { PERF_NODE_OPTIONS, perfAvailable, recordPerf, type PerfSamples } from "./perf-profile";
import { resolveFrame, summarizeFrames, summarizeProfile, type CallFrame, type ClockWindow, type ProfileSummary, type SourceTime } from "./profile-summary";
import { SourceMaps } from "./source-maps";
import { median } from "./stats";
import { variants, withTelemetry, type Service, type Variant } from "./variants";
import { warmRoutes } from "./warm-routes";
import type { Invocation } from "@bookstore/local/invocation-event";
import { lambdaNode, XRayDaemon } from "@bookstore/test-harness";

const OUTPUT = join(BENCH_ROOT, "profiles");
// Invocations before the profiled ones, uncounted.
const WARM_UP = 300;

interface ProfiledSide {
  path: string;
  /** The profiled invocations' span in the profile (the start, the warm-up and the exit left out). */
  window: ClockWindow;
  collectorPauses: CollectorPauses;
}

async function profileSide(worker: string, variant: Variant, service: Service, request: Invocation, invocations: number, file: string): Promise<ProfiledSide> {
  const dir = join(OUTPUT, `${file}.tmp`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const container = await startContainer(
    worker,
    { ...variant, env: { ...variant.env, [COLLECTOR_PAUSES_VARIABLE]: "1" }, execArgv: ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100"] },
    service,
  );
  await container.run([request], WARM_UP);
  const result = await container.run([request], invocations);
  if (result.errors > 0) throw new Error(`${variant.name}: ${result.firstError}`);
  if (!result.window) throw new Error(`${variant.name}: the worker did not say when the invocations ran`);
  await container.stop();
  const [written] = readdirSync(dir);
  if (!written) throw new Error(`${variant.name}: no profile was written`);
  const path = join(OUTPUT, `${file}.cpuprofile`);
  renameSync(join(dir, written), path);
  rmSync(dir, { recursive: true, force: true });
  return { path, window: result.window, collectorPauses: result.collectorPauses ?? { young: [], old: [] } };
}

/** The side's invocations as perf saw them, with its other threads' CPU per request. */
async function perfSide(worker: string, variant: Variant, service: Service, request: Invocation, invocations: number): Promise<{ summary: ProfileSummary; otherThreadsMicros: number }> {
  const container = await startContainer(worker, { ...variant, execArgv: PERF_NODE_OPTIONS }, service);
  try {
    await container.run([request], WARM_UP);
    const recording = await recordPerf(container.pid, join(OUTPUT, `perf-${container.pid}.data`));
    let samples: PerfSamples | undefined;
    try {
      const result = await container.run([request], invocations);
      if (result.errors > 0) throw new Error(`${variant.name}: ${result.firstError}`);
    } finally {
      samples = await recording.stop();
    }
    return { summary: summarizeFrames(samples.mainThread), otherThreadsMicros: samples.otherThreadsMicros / invocations };
  } finally {
    await container.stop();
  }
}

function printHottest(summary: ProfileSummary): void {
  console.log("| self ms | share of CPU | function | where |\n|---:|---:|---|---|");
  for (const hot of summary.hottest(25)) console.log(`| ${hot.selfMs} | ${hot.share}% | ${hot.name} | ${hot.at} |`);
}

/** The project's property accesses left megamorphic after `invocations` warm requests (V8's --log-ic). */
async function megamorphicSitesOf(worker: string, variant: Variant, service: Service, request: Invocation, invocations: number, builtRoot: string) {
  const log = join(OUTPUT, "ic.log.tmp");
  const container = await startContainer(worker, { ...variant, execArgv: ["--log-ic", `--logfile=${log}`, "--no-logfile-per-isolate"] }, service);
  try {
    try {
      const result = await container.run([request], invocations);
      if (result.errors > 0) throw new Error(`${variant.name}: ${result.firstError}`);
    } finally {
      // The log is complete once the process has exited.
      await container.stop();
    }
    return megamorphicSites(log, builtRoot);
  } finally {
    rmSync(log, { force: true });
  }
}

/** `invocations` warm requests (after the warm-up) of a container whose worker records what `variable`, set in its environment, asks for. */
async function recordedRun(worker: string, variant: Variant, service: Service, request: Invocation, invocations: number, variable: string): Promise<RunResult> {
  const container = await startContainer(worker, { ...variant, env: { ...variant.env, [variable]: "1" } }, service);
  try {
    await container.run([request], WARM_UP);
    const result = await container.run([request], invocations);
    if (result.errors > 0) throw new Error(`${variant.name}: ${result.firstError}`);
    return result;
  } finally {
    await container.stop();
  }
}

/** The functions `invocations` warm requests call (V8's precise coverage), each with its calls. */
async function functionCallsOf(worker: string, variant: Variant, service: Service, request: Invocation, invocations: number): Promise<CalledFunction[]> {
  const { functionCalls } = await recordedRun(worker, variant, service, request, invocations, FUNCTION_CALLS_VARIABLE);
  if (!functionCalls) throw new Error(`${variant.name}: the worker counted no calls`);
  return functionCalls;
}

/** What `invocations` warm requests allocate (V8's sampling heap profiler), site by site. */
async function allocationsOf(worker: string, variant: Variant, service: Service, request: Invocation, invocations: number): Promise<AllocationSite[]> {
  const { allocations } = await recordedRun(worker, variant, service, request, invocations, ALLOCATIONS_VARIABLE);
  if (!allocations) throw new Error(`${variant.name}: the worker sampled no allocations`);
  return allocations;
}

/** Whose code a frame is, as the CPU tables say (its package or workspace); the bench's worker is left out, Node.js's own with no caller of ours is Node.js's. */
function frameOwner(worker: string, maps: SourceMaps): (frame: CallFrame | undefined) => string | undefined {
  return (frame) => {
    if (!frame) return "Node.js";
    if (frame.url.replace(/^file:\/\//, "") === worker) return undefined;
    return resolveFrame(frame, maps).owner;
  };
}

function allocationsTable(project: AllocationsOfOwner[], baseline: AllocationsOfOwner[]): string {
  const owners = [...new Set([...project, ...baseline].map((row) => row.owner))].filter((owner) => owner !== "all");
  const kb = (rows: AllocationsOfOwner[], owner: string) => ((rows.find((row) => row.owner === owner)?.bytesPerRequest ?? 0) / 1024).toFixed(1);
  return ["| whose code | project (KB a request) | baseline |", "|---|---:|---:|", ...[...owners, "all"].map((owner) => `| ${owner} | ${kb(project, owner)} | ${kb(baseline, owner)} |`)].join(
    "\n",
  );
}

/** The sites that allocate the most a request, named as in their sources, each with whose code it is charged to. */
function largestAllocations(sites: AllocationSite[], invocations: number, maps: SourceMaps, ownerOf: (frame: CallFrame | undefined) => string | undefined, count: number): string {
  const rows = sites
    .filter((site) => ownerOf(site.chargedTo) !== undefined)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count)
    .map((site) => {
      const { name, at } = resolveFrame(site.callFrame, maps);
      const charged = site.chargedTo && site.chargedTo.url !== site.callFrame.url ? resolveFrame(site.chargedTo, maps) : undefined;
      return `| ${Math.round(site.bytes / invocations)} | ${name || "(anonymous)"} | ${at} | ${charged ? `${charged.name || "(anonymous)"} (${charged.at})` : ""} |`;
    });
  return ["| bytes a request | function | where | called from |", "|---:|---|---|---|", ...rows].join("\n");
}

/** Whose code a script is: Node.js's own, the layer's (what a function finds in /opt/nodejs/node_modules) or the function's bundle; the bench's worker is left out. */
function scriptOwner(worker: string): (url: string) => string | undefined {
  return (url) => {
    const path = url.replace(/^file:\/\//, "");
    if (path === worker) return undefined;
    if (url.startsWith("node:")) return "Node.js";
    if (path.includes("/nodejs/node_modules/")) return "the layer";
    return path === "" ? "no script (V8's own)" : "the function's bundle";
  };
}

function callsTable(project: CallsOfOwner[], baseline: CallsOfOwner[]): string {
  const owners = [...new Set([...project, ...baseline].map((row) => row.owner))];
  const cells = (rows: CallsOfOwner[], owner: string) => {
    const row = rows.find((candidate) => candidate.owner === owner);
    return row ? `${row.functions} | ${Math.round(row.callsPerRequest).toLocaleString("en")}` : "0 | 0";
  };
  return [
    "| whose code | project: functions | calls a request | baseline: functions | calls a request |",
    "|---|---:|---:|---:|---:|",
    ...owners.map((owner) => `| ${owner} | ${cells(project, owner)} | ${cells(baseline, owner)} |`),
  ].join("\n");
}

/** The two sides' self time per request, owner by owner, the project's largest first. */
function ownerTable(project: SourceTime[], baseline: SourceTime[], count: number): string {
  const owners = [...new Set([...project, ...baseline].map((row) => row.owner))];
  const of = (rows: SourceTime[], owner: string) => rows.find((row) => row.owner === owner)?.microsPerRequest ?? 0;
  const rows = owners
    .map((owner) => ({ owner, project: of(project, owner), baseline: of(baseline, owner) }))
    .sort((a, b) => b.project - a.project || b.baseline - a.baseline)
    .slice(0, count)
    .map((row) => `| ${row.owner} | ${row.project} | ${row.baseline} |`);
  const total = (rows: SourceTime[]) => Math.round(rows.reduce((sum, row) => sum + row.microsPerRequest, 0));
  return ["| whose code | project | baseline |", "|---|---:|---:|", ...rows, `| all | ${total(project)} | ${total(baseline)} |`].join("\n");
}

function describePauses({ young, old }: CollectorPauses): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const longest = (pauses: number[]) => Math.max(0, ...pauses);
  return (
    `young collections ${young.length} (${young.length ? ms(median(young)) : "–"} at p50, ${ms(longest(young))} longest, ${young.filter((pause) => pause > 1).length} over 1 ms), ` +
    `old generation ${old.length} (${ms(longest(old))} longest)`
  );
}

async function main(): Promise<void> {
  const route = process.argv[2] ?? "";
  const invocations = Number(process.argv.find((arg) => arg.startsWith("--invocations="))?.split("=")[1] ?? 5_000);
  const names = Object.keys(warmRoutes({ read: 0, reviewed: 0 }));
  if (!names.includes(route) || !Number.isInteger(invocations) || invocations < 1) {
    console.error(`usage: npm run bench:profile -- <${names.join("|")}> [--invocations=N] [--with-telemetry[=unsampled]] [--megamorphic] [--functions] [--allocations] [--perf]`);
    process.exit(2);
  }
  const telemetryArg = process.argv.find((arg) => arg === "--with-telemetry" || arg.startsWith("--with-telemetry="));
  const telemetry = telemetryArg === undefined ? undefined : (telemetryArg.split("=")[1] ?? "sampled");
  if (telemetry !== undefined && telemetry !== "sampled" && telemetry !== "unsampled") {
    console.error(`--with-telemetry takes "unsampled" or nothing, not "${telemetry}"`);
    process.exit(2);
  }
  const withPerf = process.argv.includes("--perf");
  if (withPerf && !perfAvailable()) {
    console.error("--perf needs Linux perf on the PATH (Debian: apt-get install linux-perf)");
    process.exit(2);
  }
  const node = lambdaNode();
  const artifacts = synthesizeDeployedArtifacts(node.path);
  const scripts = await buildBenchScripts();
  const db = await openBenchDatabase();
  const daemon = telemetry !== undefined ? await XRayDaemon.start() : undefined;
  try {
    const chosen = warmRoutes(await seedBenchData(db))[route as keyof ReturnType<typeof warmRoutes>];
    const sides = variants(artifacts, scripts, db.database.appUrl, db.serverVersion, node.path);
    const { request } = chosen;
    mkdirSync(OUTPUT, { recursive: true });
    const project = daemon ? withTelemetry(sides.project, daemon.address, { sampled: telemetry === "sampled" }) : sides.project;
    const projectFile = daemon ? `project-with-telemetry${telemetry === "sampled" ? "" : "-unsampled"}` : "project";
    const byOwner: Record<string, SourceTime[]> = {};
    for (const variant of [project, sides.baseline]) {
      const invoked = `${variant.name} on Node ${node.version}, ${invocations} invocations of ${request.method} ${request.url}`;
      let summary: ProfileSummary;
      if (withPerf) {
        const seen = await perfSide(scripts.worker, variant, chosen.service, request, invocations);
        summary = seen.summary;
        console.log(`\n${invoked}, the main thread as perf saw it (its other threads: ${seen.otherThreadsMicros.toFixed(1)} µs of CPU a request)`);
      } else {
        const { path, window, collectorPauses } = await profileSide(scripts.worker, variant, chosen.service, request, invocations, `${route}-${variant === project ? projectFile : variant.name}`);
        summary = summarizeProfile(path, window);
        console.log(`\n${invoked}: ${path}`);
        console.log(`garbage collection during those invocations: ${describePauses(collectorPauses)}`);
      }
      printHottest(summary);
      byOwner[variant.name] = summary.byOwner(invocations);
    }
    const charged = withPerf ? "; V8's built-ins, runtime and the kernel charged to the JavaScript that called them" : "";
    console.log(`\nself time per request by whose code it is (µs; the invocations after the first ${WARM_UP}${charged}):`);
    console.log(ownerTable(byOwner.project ?? [], byOwner.baseline ?? [], 25));
    if (process.argv.includes("--megamorphic")) {
      const sites = await megamorphicSitesOf(scripts.worker, project, chosen.service, request, invocations, artifacts.outdir);
      console.log(`\nthe project's property accesses V8 left megamorphic after ${invocations} invocations (${sites.length}):`);
      console.log("| where | access | property (the last seen) |\n|---|---|---|");
      for (const site of sites) console.log(`| ${site.at} | ${site.access} | ${site.property} |`);
    }
    if (process.argv.includes("--functions")) {
      const ownerOf = scriptOwner(scripts.worker);
      const calls = async (variant: Variant) => callsByOwner(await functionCallsOf(scripts.worker, variant, chosen.service, request, invocations), invocations, ownerOf);
      console.log(`\nfunctions called in ${invocations} warm invocations (after ${WARM_UP}), by whose code (V8's precise coverage with call counts):`);
      console.log(callsTable(await calls(project), await calls(sides.baseline)));
    }
    if (process.argv.includes("--allocations")) {
      const maps = new SourceMaps();
      const ownerOf = frameOwner(scripts.worker, maps);
      const [projectSites, baselineSites] = [await allocationsOf(scripts.worker, project, chosen.service, request, invocations), await allocationsOf(scripts.worker, sides.baseline, chosen.service, request, invocations)];
      console.log(`\nallocated in ${invocations} warm invocations (after ${WARM_UP}), by whose code (V8's sampling heap profiler, freed objects counted; Node.js's own allocations charged to the code that called them):`);
      console.log(allocationsTable(allocationsByOwner(projectSites, invocations, ownerOf), allocationsByOwner(baselineSites, invocations, ownerOf)));
      console.log("\nthe project's largest allocation sites:");
      console.log(largestAllocations(projectSites, invocations, maps, ownerOf, 20));
      console.log("\nthe baseline's largest allocation sites:");
      console.log(largestAllocations(baselineSites, invocations, maps, ownerOf, 10));
    }
  } finally {
    daemon?.close();
    await db.close();
    rmSync(dirname(scripts.worker), { recursive: true, force: true });
    rmSync(artifacts.outdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
