// npm run bench:instructions -- <route> [--invocations=N] [--against-layer=<dir>] [--log-level=<LEVEL>] | [--by-function[=N]] | [--cache-sim]
// Counts the machine instructions one warm invocation of a route executes,
// project and baseline, as the bench runs them (the deployed bundles and the
// layer on Lambda's Node.js): valgrind's callgrind counts every instruction
// of the process, whatever else the machine is doing, so two builds can be
// compared to within about 2 % where this machine's timings move by 10–20 %. Each side
// runs twice, with WARM_UP and WARM_UP + N invocations; the difference over N
// leaves out the start and the first, compiling invocations. Only the
// function's own process is counted: not the kernel's work on its sockets,
// nor the database's. With --against-layer, the project is counted a second
// time on another build of the layer (<dir>/nodejs/node_modules, as
// `tsx layers/orm/scripts/build-layer.ts <dir>` writes it) under the same
// function bundle: a step in the layer, measured in one run. With
// --log-level=<LEVEL>, the project again with POWERTOOLS_LOG_LEVEL=<LEVEL>
// (e.g. DEBUG, where the function writes its own access line). Instead, with
// --by-function[=N], the N functions (40 by default) where the project
// executes the most beyond the baseline, each side counted per function
// (compiled JavaScript named from V8's perf map; writing that map adds some
// instructions to both sides). With --cache-sim, each side's misses in a
// simulated core's caches per warm invocation too (see simulated-caches.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { openBenchDatabase, seedBenchData } from "./bench-database";
import { buildBenchScripts } from "./bench-scripts";
import { synthesizeDeployedArtifacts } from "./deployed-artifacts";
import { functionTable, instructionsByFunction, parsePerfMap, perInvocationByFunction } from "./function-instructions";
import { CACHE_SIMULATION_OPTIONS, cacheTable, collectedEvents, eventsPerInvocation, type EventCounts } from "./simulated-caches";
import { temporaryDirectory } from "./temporary-directory";
import { processOptions, variants, withLogLevel, withoutCompileCache, type Variant } from "./variants";
import { warmRoutes, type BenchRoute } from "./warm-routes";
import { lambdaNode } from "@bookstore/test-harness";

const WARM_UP = 200;
const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"];


function valgrindMissing(): boolean {
  return spawnSync("valgrind", ["--version"]).error !== undefined;
}

const OUTPUT_LIMIT = 256 * 1024 * 1024;

/** Counts, under callgrind, the process that loads the handler and answers `invocations` requests. */
function callgrind(
  runner: string,
  variant: Variant,
  route: BenchRoute,
  invocations: number,
  { outFile = "/dev/null", nodeOptions = [] as string[], valgrindOptions = [] as string[] } = {},
): { instructions: number; pid: number; events: EventCounts } {
  const run = spawnSync(
    "valgrind",
    // V8 writes the code it compiles: callgrind must see those writes. One
    // thread, so that the collector and the compilers run in the counted order.
    ["--tool=callgrind", `--callgrind-out-file=${outFile}`, "--smc-check=all-non-file", ...valgrindOptions, variant.node, "--single-threaded", ...processOptions(variant, route.service), ...nodeOptions, runner],
    {
      env: { ...variant.env, BENCH_HANDLER: variant.handler(route.service), BENCH_REQUEST: JSON.stringify(route.request), BENCH_INVOCATIONS: String(invocations) },
      encoding: "utf8",
      maxBuffer: OUTPUT_LIMIT,
    },
  );
  const events = collectedEvents(run.stderr ?? "");
  const pid = /==(\d+)==/.exec(run.stderr ?? "");
  if (run.status !== 0 || events?.Ir === undefined || !pid) throw new Error(`${variant.name}: ${(run.stderr ?? String(run.error)).slice(-2_000)}`);
  return { instructions: events.Ir, pid: Number(pid[1]), events };
}

/** Instructions the process executes to load the handler and answer `invocations` requests. */
function instructionsFor(runner: string, variant: Variant, route: BenchRoute, invocations: number): number {
  return callgrind(runner, variant, route, invocations).instructions;
}

/** The same, per function: interpreted functions too get code of their own to be named by. */
function instructionsByFunctionFor(runner: string, variant: Variant, route: BenchRoute, invocations: number, dir: string): Map<string, number> {
  const outFile = join(dir, `callgrind-${variant.name}-${invocations}.out`);
  // The perf map switches V8's log on, which is written to the working directory unless placed.
  const perfMap = ["--perf-basic-prof", `--perf-basic-prof-path=${dir}`, "--interpreted-frames-native-stack", `--logfile=${join(dir, "v8.log")}`, "--no-logfile-per-isolate"];
  const { pid } = callgrind(runner, variant, route, invocations, { outFile, nodeOptions: perfMap });
  const annotated = spawnSync("callgrind_annotate", ["--inclusive=no", "--threshold=100", outFile], { encoding: "utf8", maxBuffer: OUTPUT_LIMIT });
  if (annotated.status !== 0) throw new Error(`callgrind_annotate: ${annotated.stderr ?? String(annotated.error)}`);
  return instructionsByFunction(annotated.stdout, parsePerfMap(readFileSync(join(dir, `perf-${pid}.map`), "utf8")));
}

async function main(): Promise<void> {
  const route = process.argv[2] ?? "";
  const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const invocations = Number(option("invocations") ?? 1_000);
  const againstLayer = option("against-layer");
  const logLevel = option("log-level");
  const byFunctionLimit = option("by-function");
  const byFunction = process.argv.includes("--by-function") ? 40 : byFunctionLimit === undefined ? undefined : Number(byFunctionLimit);
  const names = Object.keys(warmRoutes({ read: 0, reviewed: 0 }));
  const cacheSim = process.argv.includes("--cache-sim");
  const byFunctionValid = byFunction === undefined || (Number.isInteger(byFunction) && byFunction > 0 && againstLayer === undefined && logLevel === undefined && !cacheSim);
  const cacheSimValid = !cacheSim || (againstLayer === undefined && logLevel === undefined);
  const logLevelValid = logLevel === undefined || LOG_LEVELS.includes(logLevel);
  if (!names.includes(route) || !Number.isInteger(invocations) || invocations < 1 || againstLayer === "" || !byFunctionValid || !cacheSimValid || !logLevelValid) {
    console.error(
      `usage: npm run bench:instructions -- <${names.join("|")}> [--invocations=N] [--against-layer=<dir>] [--log-level=<${LOG_LEVELS.join("|")}>] | [--by-function[=N]] | [--cache-sim]`,
    );
    process.exit(2);
  }
  const otherLayer = againstLayer === undefined ? undefined : resolve(againstLayer);
  if (otherLayer && !existsSync(join(otherLayer, "nodejs", "node_modules", "@bookstore", "orm"))) {
    console.error(`${otherLayer} holds no layer: build one with npx tsx layers/orm/scripts/build-layer.ts ${otherLayer}`);
    process.exit(2);
  }
  if (valgrindMissing()) {
    console.error("valgrind is not installed: apt-get install valgrind (Debian, Ubuntu) or your system's package");
    process.exit(2);
  }
  const node = lambdaNode();
  const artifacts = synthesizeDeployedArtifacts(node.path);
  const scripts = await buildBenchScripts();
  const db = await openBenchDatabase();
  try {
    const chosen = warmRoutes(await seedBenchData(db))[route as keyof ReturnType<typeof warmRoutes>];
    const deployed = variants(artifacts, scripts, db.database.appUrl, db.serverVersion, node.path);
    // Without the compile cache: --single-threaded makes it another cache,
    // which the first of the two counted processes would write and the
    // second read, counting the difference as the invocations'.
    const sides = { ...deployed, project: withoutCompileCache(deployed.project, artifacts) };
    if (byFunction !== undefined) {
      const dir = temporaryDirectory("bookstore-bench-callgrind-");
      const byFunctionOf = (variant: Variant) =>
        perInvocationByFunction(
          instructionsByFunctionFor(scripts.instructionRunner, variant, chosen, WARM_UP, dir),
          instructionsByFunctionFor(scripts.instructionRunner, variant, chosen, WARM_UP + invocations, dir),
          invocations,
        );
      console.log(`\n${chosen.request.method} ${chosen.request.url} on Node ${node.version}, instructions per warm invocation by function (${invocations} after ${WARM_UP}), where the project executes the most beyond the baseline:`);
      console.log(functionTable(byFunctionOf(sides.project), byFunctionOf(sides.baseline), byFunction));
      return;
    }
    if (cacheSim) {
      const eventsOf = (variant: Variant) => {
        const count = (n: number) => callgrind(scripts.instructionRunner, variant, chosen, n, { valgrindOptions: CACHE_SIMULATION_OPTIONS }).events;
        return eventsPerInvocation(count(WARM_UP), count(WARM_UP + invocations), invocations);
      };
      console.log(`\n${chosen.request.method} ${chosen.request.url} on Node ${node.version}, per warm invocation (${invocations} after ${WARM_UP}) in a simulated core's caches:`);
      console.log(cacheTable(eventsOf(sides.project), eventsOf(sides.baseline)));
      return;
    }
    const perInvocation = (variant: Variant) => {
      const warmedUp = instructionsFor(scripts.instructionRunner, variant, chosen, WARM_UP);
      return Math.round((instructionsFor(scripts.instructionRunner, variant, chosen, WARM_UP + invocations) - warmedUp) / invocations);
    };
    const project = perInvocation(sides.project);
    const onOtherLayer = otherLayer === undefined ? undefined : perInvocation(withoutCompileCache(deployed.project, artifacts, join(otherLayer, "nodejs", "node_modules")));
    const atLogLevel = logLevel === undefined ? undefined : perInvocation(withLogLevel(sides.project, logLevel));
    const baseline = perInvocation(sides.baseline);
    const count = (n: number) => n.toLocaleString("en");
    console.log(`\n${chosen.request.method} ${chosen.request.url} on Node ${node.version}, instructions per warm invocation (${invocations} after ${WARM_UP}):`);
    console.log("| project | baseline | project / baseline |\n|---:|---:|---:|");
    console.log(`| ${count(project)} | ${count(baseline)} | ${(project / baseline).toFixed(2)} |`);
    const againstProject = (n: number) => `${n >= project ? "+" : ""}${((n / project - 1) * 100).toFixed(1)} %`;
    if (onOtherLayer !== undefined) console.log(`\nthe project on the layer in ${otherLayer}: ${count(onOtherLayer)} (${againstProject(onOtherLayer)} against the synthesized layer)`);
    if (atLogLevel !== undefined) console.log(`\nthe project with POWERTOOLS_LOG_LEVEL=${logLevel}: ${count(atLogLevel)} (${againstProject(atLogLevel)} against the deployed level)`);
  } finally {
    await db.close();
    rmSync(dirname(scripts.worker), { recursive: true, force: true });
    rmSync(artifacts.outdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`instruction count failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
