import { DelayingProxy } from "@bookstore/test-harness";
import type { Measure } from "./measure";
import { measureCold } from "./measure-cold";
import { measureWarmInNewContainers, type WarmRoute } from "./measure-warm";
import { withDatabase, type Variant } from "./variants";

/**
 * How long the proxy holds each of the database's answers in these rows.
 * With the proxy's own hops a round trip then takes ≈2 ms more than on
 * loopback here (the performance page has the measured figures).
 */
export const ANSWER_HOLD_MS = 1;

/**
 * The cold start and the warm routes again, both sides reaching the database
 * through a proxy that delays its answers: what the project's CPU time adds
 * where every statement crosses a network, as in AWS.
 */
export async function measureAcrossNetwork(
  scripts: { worker: string; coldRunner: string },
  sides: Record<"project" | "baseline", Variant>,
  databaseUrl: string,
  plan: { coldRuns: number; warmInvocations: number },
  routes: WarmRoute[],
  bookId: number,
): Promise<Measure[]> {
  const network = await DelayingProxy.start(databaseUrl, ANSWER_HOLD_MS, "answers");
  const [project, baseline] = [sides.project, sides.baseline].map((side) => withDatabase(side, network.url(databaseUrl))) as [Variant, Variant];
  try {
    const measures = await measureCold(scripts.coldRunner, project, baseline, plan.coldRuns, bookId, { name: "cold-get-book-across-network", goal: false });
    measures.push(...(await measureWarmInNewContainers(scripts.worker, { project, baseline }, routes, plan.warmInvocations, { suffix: "across-network" })));
    return measures;
  } finally {
    await network.close();
  }
}
