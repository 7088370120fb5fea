import type { BenchRequest } from "./bench-requests";
import type { Container } from "./containers";
import { measure, type Measure } from "./measure";
import { percentile } from "./stats";
import type { Service } from "./variants";

export interface WarmRoute {
  name: string;
  service: Service;
  request: BenchRequest;
  /** The p50 goal on project/baseline. */
  p50Goal: number;
}

export type ContainerPair = Record<"project" | "baseline", Record<Service, Container>>;

const ROUNDS = 4;

/** Sequential invocations in warm containers, project and baseline alternating in rounds; p50 and p99 per route. */
export async function measureWarm(containers: ContainerPair, routes: WarmRoute[], invocations: number): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const route of routes) {
    const latencies: Record<"project" | "baseline", number[]> = { project: [], baseline: [] };
    for (const side of ["project", "baseline"] as const) {
      await containers[side][route.service].run([route.request], 100); // warm-up, not counted
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of ["project", "baseline"] as const) {
        const result = await containers[side][route.service].run([route.request], Math.ceil(invocations / ROUNDS));
        if (result.errors > 0) throw new Error(`${side} ${route.name}: ${result.errors} errors, first: ${result.firstError}`);
        latencies[side].push(...result.latencies);
      }
    }
    const count = latencies.project.length;
    measures.push(
      measure(`${route.name}-p50`, "ms", percentile(latencies.project, 50), percentile(latencies.baseline, 50), { on: "ratio", atMost: route.p50Goal }, `${count} invocations`),
      measure(`${route.name}-p99`, "ms", percentile(latencies.project, 99), percentile(latencies.baseline, 99)),
    );
  }
  return measures;
}
