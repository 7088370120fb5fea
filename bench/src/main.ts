import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { RUN_OUTPUTS } from "./bench-paths";
import { openBenchDatabase, refreshStatistics, seedBenchData } from "./bench-database";
import { BENCH_BOOK, warmRoutes } from "./warm-routes";
import { buildBenchScripts } from "./bench-scripts";
import { startServiceContainers, stopServiceContainers } from "./containers";
import { compileCacheWrites, synthesizeDeployedArtifacts } from "./deployed-artifacts";
import type { Measure } from "./measure";
import { ANSWER_HOLD_MS, measureAcrossNetwork } from "./measure-across-network";
import { measureBurst } from "./measure-burst";
import { measureCold, measureIamToken } from "./measure-cold";
import { measureScaling } from "./measure-scaling";
import { measureSize } from "./measure-size";
import { measureWarm, measureWarmInNewContainers, PRIMED_SUFFIX, PRIMING_ROUNDS, SEASONED_SUFFIX, SEASONED_WARM_UP, type ContainerPair, type VariantContainers, type WarmRoute } from "./measure-warm";
import { describeMachine, formatTable, idempotencyKeyCost, writeCharts, writePerformancePage, writeResults } from "./report";
import { describeProcessor } from "./processor";
import { firstTouchMicros } from "./page-touch";
import { measuredCommit, readRunHistory, recordedRun, RUN_HISTORY, writeRunHistory } from "./run-history";
import type { LatencyDistribution } from "./charts";
import { primingWith } from "./priming";
import { onNode, overDataApi, variants, withLogLevel, withoutCompileCache, withPriming, withTelemetry } from "./variants";
import { dataApiEnvironment, startLocalDataApi } from "@bookstore/local";
import { lambdaNode, XRayDaemon } from "@bookstore/test-harness";

const QUICK = process.argv.includes("--quick");
const PLAN = QUICK
  ? { coldRuns: 5, warmInvocations: 600, scalingSizes: [1e3, 1e5, 1e6], scalingIterations: 100, burstSizes: [50] }
  : { coldRuns: 15, warmInvocations: 2000, scalingSizes: [1e3, 1e5, 1e6], scalingIterations: 300, burstSizes: [50, 200] };

// --only=cold,warm runs just those groups (size, cold, warm, network, scaling, burst).
const ONLY = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (group: string) => !ONLY || ONLY.includes(group);

const step = (message: string) => console.error(`[bench] ${message}`);

async function main(): Promise<void> {
  const started = performance.now();
  const commit = measuredCommit();
  step(`${QUICK ? "quick" : "full"} run; synthesizing the CDK app for the deployed bundles`);
  const node = lambdaNode();
  const artifacts = synthesizeDeployedArtifacts(node.path);
  const scripts = await buildBenchScripts();
  const db = await openBenchDatabase();
  const daemon = await XRayDaemon.start();
  const dataApi = await startLocalDataApi(db.database.appUrl);
  const machineNode = node.path === process.execPath ? undefined : { path: process.execPath, version: process.versions.node };
  step(`measured processes run Node ${node.version} (Lambda's nodejs24.x)${machineNode ? `; again on this machine's Node ${machineNode.version} for the second column` : ""}`);
  const sides = variants(artifacts, scripts, db.database.appUrl, db.serverVersion, node.path);
  const projectOverDataApi = overDataApi(sides.project, dataApiEnvironment(dataApi.url, db.database.appUrl));
  const measures: Measure[] = [];
  let cacheWrites: string[] = [];
  // The headline measures again on this machine's Node, when that is not Lambda's.
  const onMachineNode: Measure[] = [];
  const distributions: LatencyDistribution[] = [];
  try {
    if (wanted("size")) measures.push(...measureSize(artifacts, scripts));

    const books = await seedBenchData(db);
    const bookId = books.read;

    if (wanted("cold")) {
      step(`cold start: ${PLAN.coldRuns} runs each`);
      measures.push(...(await measureCold(scripts.coldRunner, sides.project, sides.baseline, PLAN.coldRuns, bookId)));
      measures.push(
        ...(await measureCold(scripts.coldRunner, withTelemetry(sides.project, daemon.address), sides.baseline, PLAN.coldRuns, bookId, { name: "cold-get-book-with-telemetry", goal: false })),
        ...(await measureCold(scripts.coldRunner, projectOverDataApi, sides.baseline, PLAN.coldRuns, bookId, { name: "cold-get-book-over-data-api", goal: false })),
        ...(await measureCold(scripts.coldRunner, withoutCompileCache(sides.project, artifacts), sides.baseline, PLAN.coldRuns, bookId, { name: "cold-get-book-without-compile-cache", goal: false })),
      );
      measures.push(await measureIamToken(scripts.iamTokenRunner, artifacts.layerModules, scripts.stockSigner, PLAN.coldRuns, node.path, artifacts.nodeOptions.books));
      if (machineNode) onMachineNode.push(...(await measureCold(scripts.coldRunner, onNode(sides.project, machineNode.path), onNode(sides.baseline, machineNode.path), PLAN.coldRuns, bookId)));
    }

    const containers: ContainerPair = {
      project: await startServiceContainers(scripts.worker, sides.project),
      baseline: await startServiceContainers(scripts.worker, sides.baseline),
    };
    const functionLoggedProject = withLogLevel(sides.project, "DEBUG");
    const observedProject = withTelemetry(sides.project, daemon.address);
    const others: VariantContainers[] = [
      {
        suffix: "with-function-access-line",
        note: "the project with POWERTOOLS_LOG_LEVEL=DEBUG: the function writes an access line per request too",
        containers: await startServiceContainers(scripts.worker, functionLoggedProject),
      },
      {
        suffix: "over-data-api",
        note: "the same bundles on the data-api target, through the local Data API endpoint",
        containers: await startServiceContainers(scripts.worker, projectOverDataApi),
      },
      {
        suffix: "with-telemetry",
        note: "the project with EMF metrics and X-Ray tracing on",
        containers: await startServiceContainers(scripts.worker, observedProject),
      },
      {
        suffix: "with-telemetry-unsampled",
        note: "the same, each invocation's trace not sampled (most requests under X-Ray's default rule)",
        containers: await startServiceContainers(scripts.worker, withTelemetry(sides.project, daemon.address, { sampled: false })),
      },
    ];
    try {
      if (wanted("warm")) {
        step(`priming a project container per function: each of its routes ${PRIMING_ROUNDS} times against a stand-in PostgreSQL`);
        const primed = await startServiceContainers(scripts.worker, withPriming(sides.project, primingWith(Object.values(warmRoutes(books)), PRIMING_ROUNDS)));
        for (const [service, { priming }] of Object.entries(primed)) {
          step(`  ${service}: ${((priming?.ms ?? 0) / 1000).toFixed(1)} s, ${priming?.statements} statements answered by the stand-in, answers by status ${JSON.stringify(priming?.statuses)}`);
        }
        others.push({
          suffix: PRIMED_SUFFIX,
          note: `the project after answering each of its routes ${PRIMING_ROUNDS.toLocaleString("en")} times against a stand-in PostgreSQL before its first request, as a SnapStart image could before its snapshot`,
          containers: primed,
          withP99: true,
        });
      }
      const goals = { p50Goal: 1.3, p99Goal: 1.5 };
      const routes: WarmRoute[] = Object.values(warmRoutes(books)).map((route) => ({ ...route, ...goals }));
      // What a key costs: the same create, each with a fresh Idempotency-Key (the baseline has no such thing).
      const keyedCreate: WarmRoute = {
        name: "warm-write-create-book-with-idempotency-key",
        service: "books",
        request: { method: "POST", url: "/book", body: BENCH_BOOK, headers: { "idempotency-key": "{requestId}" } },
      };
      if (wanted("warm")) {
        step(`warm latency: ${PLAN.warmInvocations} invocations per route and side, on Node ${containers.project.books.node}`);
        measures.push(...(await measureWarm(containers, others, routes, PLAN.warmInvocations, { distributions })));
        const keyed = await measureWarm(containers, [], [keyedCreate], PLAN.warmInvocations);
        measures.push(...keyed, idempotencyKeyCost(measures, keyed));
        await refreshStatistics(db);
        if (machineNode) {
          const onMachine = { project: onNode(sides.project, machineNode.path), baseline: onNode(sides.baseline, machineNode.path) };
          onMachineNode.push(...(await measureWarmInNewContainers(scripts.worker, onMachine, routes, PLAN.warmInvocations)));
        }
        if (!QUICK) {
          step(`warm latency after ${SEASONED_WARM_UP} invocations per route and side, in containers of their own`);
          const seasoned = { suffix: SEASONED_SUFFIX, warmUp: SEASONED_WARM_UP };
          measures.push(...(await measureWarmInNewContainers(scripts.worker, sides, routes, PLAN.warmInvocations, seasoned)));
        }
      }
      if (wanted("network")) {
        await refreshStatistics(db);
        step(`across a network: the database's answers held ${ANSWER_HOLD_MS} ms, cold start and warm routes again`);
        measures.push(...(await measureAcrossNetwork(scripts, sides, db.database.appUrl, PLAN, routes, bookId)));
      }
      if (wanted("scaling")) {
        step(`scaling: ${PLAN.scalingSizes.join(", ")} books, each size a database of its own, measured in turns`);
        measures.push(...(await measureScaling(db.serverUrl, scripts.worker, sides, PLAN.scalingSizes, PLAN.scalingIterations)));
      }
    } finally {
      await stopServiceContainers([containers.project, containers.baseline, ...others.map((other) => other.containers)]);
    }

    if (wanted("burst")) {
      step(`burst: ${PLAN.burstSizes.join(", ")} containers at once through PgBouncer`);
      measures.push(...(await measureBurst(scripts.worker, sides.project, sides.baseline, db, PLAN.burstSizes, bookId)));
    }
  } finally {
    await db.close();
    daemon.close();
    await dataApi.close();
    cacheWrites = compileCacheWrites(artifacts);
    rmSync(dirname(scripts.worker), { recursive: true, force: true });
    rmSync(artifacts.outdir, { recursive: true, force: true });
  }

  if (cacheWrites.length > 0) throw new Error(`the measured processes wrote to the layer's compile cache (${cacheWrites.join(", ")}): not the deployed cache`);
  const processor = describeProcessor(firstTouchMicros());
  const machine = describeMachine(processor, db.serverVersion, node.version);
  // The performance page's charts are a full run's, like its table.
  if (!ONLY && !QUICK && distributions.length > 0) writeCharts(measures, distributions, node.version);
  console.log(`\nBookstore benchmark (${QUICK ? "quick" : "full"}), ${machine}\n`);
  const second = machineNode && onMachineNode.length > 0 ? { node: machineNode.version, measures: onMachineNode } : undefined;
  console.log(formatTable(measures, second));
  // A partial run (--only) prints but leaves the published results alone.
  // A quick run's results stay beside the full run's, which the performance page shows.
  const output = QUICK ? RUN_OUTPUTS.quickResults : RUN_OUTPUTS.results;
  if (!ONLY) {
    const measuredAt = new Date().toISOString();
    writeResults(output, machine, QUICK ? "quick" : "full", measuredAt, measures, second);
    if (!QUICK) {
      const runs = [...readRunHistory(RUN_HISTORY), recordedRun(measuredAt, commit, node.version, measures, processor)];
      writeRunHistory(RUN_HISTORY, runs);
      writePerformancePage(`Full run of ${measuredAt.slice(0, 10)} on ${machine}.\n\n${formatTable(measures, second)}`, runs);
    }
  }
  const written = ONLY ? "" : QUICK ? `; wrote ${output}` : `; wrote ${output}, ${RUN_HISTORY} and docs/performance.md`;
  step(`done in ${Math.round((performance.now() - started) / 1000)} s${written}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
