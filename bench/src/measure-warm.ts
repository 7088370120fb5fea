import type { LatencyDistribution } from "./charts";
import type { Container } from "./containers";
import { measure, type Measure } from "./measure";
import { percentile } from "./stats";
import type { Service } from "./variants";
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
}

const ROUNDS = 4;

export interface WarmOptions {
  /** Each route's latencies go here (for the charts). */
  distributions?: LatencyDistribution[];
  /** Appended to each measure's name (e.g. "across-network"), whose goals then do not apply. */
  suffix?: string;
}

/**
 * Sequential invocations in warm containers, project and baseline
 * alternating in rounds; p50 and p99 per route.
 */
export async function measureWarm(
  containers: ContainerPair,
  variants: VariantContainers[],
  routes: WarmRoute[],
  invocations: number,
  { distributions, suffix }: WarmOptions = {},
): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const route of routes) {
    const sides: Array<{ key: string; container: Container }> = [
      { key: "project", container: containers.project[route.service] },
      { key: "baseline", container: containers.baseline[route.service] },
      ...variants.map((variant) => ({ key: variant.suffix, container: variant.containers[route.service] })),
    ];
    const latencies = new Map<string, number[]>(sides.map(({ key }) => [key, []]));
    for (const { container } of sides) await container.run([route.request], 100); // warm-up, not counted
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
      ...variants.map((variant) => measure(`${route.name}-p50-${variant.suffix}`, "ms", of(variant.suffix, 50), of("baseline", 50), undefined, variant.note)),
    );
  }
  return measures;
}
