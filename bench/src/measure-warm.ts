import type { LatencyDistribution } from "./charts";
import { startServiceContainers, stopServiceContainers, type Container } from "./containers";
import { measure, type Measure } from "./measure";
import { percentile } from "./stats";
import type { Service, Variant } from "./variants";
import type { BenchRoute } from "./warm-routes";

export interface WarmRoute extends BenchRoute {
  /** The p50 goal on project/baseline, for the headline routes. */
  p50Goal?: number;
  /** The p99 goal on project/baseline, for the headline routes. */
  p99Goal?: number;
}

export type ContainerPair = Record<"project" | "baseline", Record<Service, Container>>;

/** The same project functions run otherwise, to show what a feature costs (e.g. with the function's own access line). */
export interface VariantContainers {
  /** Appended to each measure's name. */
  suffix: string;
  note: string;
  containers: Record<Service, Container>;
  /** Its p99 too, not only its p50. */
  withP99?: boolean;
}

const ROUNDS = 4;

export interface WarmOptions {
  /** Each route's latencies go here (for the charts). */
  distributions?: LatencyDistribution[];
  /** Appended to each measure's name (e.g. "across-network"), whose goals then do not apply. */
  suffix?: string;
  /** Invocations per route and container before any is counted. */
  warmUp?: number;
}

const WARM_UP = 100;

/**
 * Sequential invocations in warm containers, project and baseline
 * alternating in rounds; p50 and p99 per route.
 */
export async function measureWarm(
  containers: ContainerPair,
  variants: VariantContainers[],
  routes: WarmRoute[],
  invocations: number,
  { distributions, suffix, warmUp = WARM_UP }: WarmOptions = {},
): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const route of routes) {
    const sides: Array<{ key: string; container: Container }> = [
      { key: "project", container: containers.project[route.service] },
      { key: "baseline", container: containers.baseline[route.service] },
      ...variants.map((variant) => ({ key: variant.suffix, container: variant.containers[route.service] })),
    ];
    const latencies = new Map<string, number[]>(sides.map(({ key }) => [key, []]));
    for (const { container } of sides) await container.run([route.request], warmUp);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const { key, container } of sides) {
        const result = await container.run([route.request], Math.ceil(invocations / ROUNDS));
        if (result.errors > 0) throw new Error(`${key} ${route.name}: ${result.errors} errors, first: ${result.firstError}`);
        latencies.get(key)!.push(...result.latencies);
      }
    }
    const of = (key: string, p: number) => percentile(latencies.get(key)!, p);
    const goal = (atMost: number | undefined) => (atMost === undefined || suffix ? undefined : { on: "ratio" as const, atMost });
    const named = (percentile: string) => `${route.name}-${percentile}${suffix ? `-${suffix}` : ""}`;
    distributions?.push({ route: route.name, project: latencies.get("project")!, baseline: latencies.get("baseline")! });
    measures.push(
      measure(named("p50"), "ms", of("project", 50), of("baseline", 50), goal(route.p50Goal), `${latencies.get("project")!.length} invocations`),
      measure(named("p99"), "ms", of("project", 99), of("baseline", 99), goal(route.p99Goal)),
      ...variants.flatMap((variant) => [
        measure(`${route.name}-p50-${variant.suffix}`, "ms", of(variant.suffix, 50), of("baseline", 50), undefined, variant.note),
        ...(variant.withP99 ? [measure(`${route.name}-p99-${variant.suffix}`, "ms", of(variant.suffix, 99), of("baseline", 99))] : []),
      ]),
    );
  }
  return measures;
}

// A container that has served this many requests of a route has had its code
// optimized by V8; the headline window (requests 100 to 2,100) is a young
// container's (see the performance page).
export const SEASONED_WARM_UP = 20_000;
export const SEASONED_SUFFIX = `after-${SEASONED_WARM_UP}`;

// A container primed before its first request (see priming.ts) answers each
// route as many times as a seasoned one before it is measured.
export const PRIMING_ROUNDS = SEASONED_WARM_UP;
export const PRIMED_SUFFIX = "primed";

/** The routes measured in new containers of each side, stopped afterwards. */
export async function measureWarmInNewContainers(
  worker: string,
  sides: Record<"project" | "baseline", Variant>,
  routes: WarmRoute[],
  invocations: number,
  options: WarmOptions = {},
): Promise<Measure[]> {
  const containers: ContainerPair = { project: await startServiceContainers(worker, sides.project), baseline: await startServiceContainers(worker, sides.baseline) };
  try {
    return await measureWarm(containers, [], routes, invocations, options);
  } finally {
    await stopServiceContainers([containers.project, containers.baseline]);
  }
}
