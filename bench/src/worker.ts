// One simulated Lambda container: loads a handler module as Lambda does
// (BENCH_HANDLER, with NODE_PATH standing in for /opt/nodejs/node_modules)
// and invokes it on its parent's command.
import { invocationEvent, type Invocation } from "@bookstore/local/invocation-event";
import { benchContext } from "./bench-context";
import type { ClockWindow } from "./profile-summary";
import { COLLECTOR_PAUSES_VARIABLE, recordCollectorPauses, type CollectorPauses } from "./collector-pauses";
import { FUNCTION_CALLS_VARIABLE, recordFunctionCalls, type CalledFunction } from "./function-calls";
import { ALLOCATIONS_VARIABLE, recordAllocations, type AllocationSite } from "./allocations";
import { prime, PRIMING_VARIABLE, type Handler, type Primed, type Priming } from "./priming";
import type { Service } from "./variants";

export interface RunCommand {
  type: "run";
  requests: Invocation[];
  repeat: number;
}
export interface RunResult {
  type: "result";
  latencies: number[];
  errors: number;
  firstError?: string;
  /** When the run began and ended, on the monotonic clock of V8's CPU profiles (µs). */
  window?: ClockWindow;
  /** With COLLECTOR_PAUSES_VARIABLE set: the garbage collector's pauses during the run. */
  collectorPauses?: CollectorPauses;
  /** With FUNCTION_CALLS_VARIABLE set: the functions called during the run. */
  functionCalls?: CalledFunction[];
  /** With ALLOCATIONS_VARIABLE set: what the run allocated, sampled. */
  allocations?: AllocationSite[];
}

const takeCollectorPauses = process.env[COLLECTOR_PAUSES_VARIABLE] ? recordCollectorPauses() : undefined;
const functionCalls = process.env[FUNCTION_CALLS_VARIABLE] ? recordFunctionCalls() : undefined;
const allocations = process.env[ALLOCATIONS_VARIABLE] ? recordAllocations() : undefined;

const loadStarted = performance.now();
const { handler } = require(process.env.BENCH_HANDLER as string) as { handler: Handler };
const loadMs = performance.now() - loadStarted;

let sequence = 0;

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

// A header value of "{requestId}" becomes each invocation's own request id:
// a fresh Idempotency-Key per create.
const perInvocation = (headers: Record<string, string> | undefined, requestId: string) =>
  headers && Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === "{requestId}" ? requestId : value]));

async function run({ requests, repeat }: RunCommand): Promise<RunResult> {
  const latencies: number[] = [];
  const startMicros = monotonicMicros();
  let errors = 0;
  let firstError: string | undefined;
  for (let round = 0; round < repeat; round += 1) {
    for (const request of requests) {
      const requestId = `bench-${process.pid}-${++sequence}`;
      const event = invocationEvent({ ...request, headers: perInvocation(request.headers, requestId), requestId });
      const started = performance.now();
      const response = await handler(event, benchContext(requestId));
      latencies.push(performance.now() - started);
      if (response.statusCode >= 300) {
        errors += 1;
        firstError ??= `${request.method} ${request.url}: ${response.statusCode} ${response.body}`;
      }
    }
  }
  const window = { startMicros, endMicros: monotonicMicros() };
  return {
    type: "result",
    latencies,
    errors,
    firstError,
    window,
    collectorPauses: await takeCollectorPauses?.(),
    functionCalls: await functionCalls?.take(),
    allocations: await allocations?.take(),
  };
}

/** With PRIMING_VARIABLE set: the function answers its requests against a stand-in first (see priming.ts). */
async function primed(): Promise<Primed | undefined> {
  const priming = process.env[PRIMING_VARIABLE];
  if (!priming) return undefined;
  return prime(process.env.BENCH_HANDLER as string, process.env.BENCH_SERVICE as Service, JSON.parse(priming) as Priming, benchContext);
}

process.on("message", (message: RunCommand | { type: "exit" }) => {
  if (message.type === "exit") process.exit(0);
  run(message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ type: "result", latencies: [], errors: 1, firstError: String(error) } satisfies RunResult),
  );
});
primed().then(
  (priming) => process.send?.({ type: "ready", loadMs, node: process.versions.node, priming }),
  (error: unknown) => {
    console.error(`priming failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
