import type { Invocation } from "@bookstore/local/invocation-event";
import type { Container } from "./containers";
import { measure, type Measure } from "./measure";
import { percentile } from "./stats";
import type { Service } from "./variants";

export interface WarmRoute {
  name: string;
  service: Service;
  request: Invocation;
  /** The p50 goal on project/baseline. */
  p50Goal: number;
}

export type ContainerPair = Record<"project" | "baseline", Record<Service, Container>>;

/** The same project functions with the per-request access log turned off, to show what that line costs. */
export type QuietContainers = Record<Service, Container>;

const ROUNDS = 4;

/** Sequential invocations in warm containers, project and baseline alternating in rounds; p50 and p99 per route. */
export async function measureWarm(containers: ContainerPair, quiet: QuietContainers, routes: WarmRoute[], invocations: number): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const route of routes) {
    const sides = { project: containers.project[route.service], baseline: containers.baseline[route.service], quiet: quiet[route.service] };
    const latencies: Record<keyof typeof sides, number[]> = { project: [], baseline: [], quiet: [] };
    for (const container of Object.values(sides)) await container.run([route.request], 100); // warm-up, not counted
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of ["project", "baseline", "quiet"] as const) {
        const result = await sides[side].run([route.request], Math.ceil(invocations / ROUNDS));
        if (result.errors > 0) throw new Error(`${side} ${route.name}: ${result.errors} errors, first: ${result.firstError}`);
        latencies[side].push(...result.latencies);
      }
    }
    const count = latencies.project.length;
    measures.push(
      measure(`${route.name}-p50`, "ms", percentile(latencies.project, 50), percentile(latencies.baseline, 50), { on: "ratio", atMost: route.p50Goal }, `${count} invocations`),
      measure(`${route.name}-p99`, "ms", percentile(latencies.project, 99), percentile(latencies.baseline, 99)),
      measure(`${route.name}-p50-without-access-log`, "ms", percentile(latencies.quiet, 50), percentile(latencies.baseline, 50), undefined, "the project with POWERTOOLS_LOG_LEVEL=WARN"),
    );
  }
  return measures;
}
