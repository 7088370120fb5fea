import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { environment, type Variables, type VariableSource } from "@bookstore/orm";
import { AsyncLocalStorage } from "node:async_hooks";

/** What the handlers and stores report; every method is a no-op while switched off. */
export interface Telemetry {
  readonly metricsEnabled: boolean;
  readonly tracingEnabled: boolean;
  /** Adds to a count metric, published at the end of the invocation. */
  count(name: string, value?: number): void;
  /** Runs `work` in a trace subsegment annotated with the request's route (never with values). */
  traced<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Runs one invocation: the cold-start metric, the route for subsegments, the metrics published at its end. */
  invocation<T>(route: string, work: () => Promise<T>): Promise<T>;
}

const off: Telemetry = {
  metricsEnabled: false,
  tracingEnabled: false,
  count: () => undefined,
  traced: (_name, work) => work(),
  invocation: (_route, work) => work(),
};

function metricsOf(env: Variables, service: string): Metrics | undefined {
  const namespace = env.get("POWERTOOLS_METRICS_NAMESPACE");
  if (!namespace || env.get("POWERTOOLS_METRICS_DISABLED")) return undefined;
  // Loaded only when switched on: nothing is parsed otherwise.
  const { Metrics: MetricsClass } = require("@aws-lambda-powertools/metrics") as typeof import("@aws-lambda-powertools/metrics");
  return new MetricsClass({ namespace, serviceName: service });
}

function tracerOf(env: Variables, service: string): Tracer | undefined {
  // Opt-in (Powertools' own default is on): the X-Ray SDK costs load time.
  if (!env.get("POWERTOOLS_TRACE_ENABLED")) return undefined;
  const { Tracer: TracerClass } = require("@aws-lambda-powertools/tracer") as typeof import("@aws-lambda-powertools/tracer");
  const tracer = new TracerClass({ serviceName: service, captureHTTPsRequests: false });
  return tracer.isTracingEnabled() ? tracer : undefined;
}

/**
 * The invocation being served: its route and whose telemetry it is. In
 * Lambda a process holds one handler; locally one process serves several,
 * each with its own telemetry, possibly at once.
 */
const invocations = new AsyncLocalStorage<{ route: string; telemetry: Telemetry }>();

/** The X-Ray segment or subsegment a unit of work is traced under. */
type TraceSegment = NonNullable<ReturnType<Tracer["getSegment"]>>;

async function inSubsegment<T>(tracer: Tracer, parent: TraceSegment, name: string, work: () => Promise<T>): Promise<T> {
  const subsegment = parent.addNewSubsegment(name);
  const route = invocations.getStore()?.route;
  if (route) subsegment.addAnnotation("route", route);
  tracer.setSegment(subsegment);
  try {
    return await work();
  } catch (error) {
    subsegment.addError(error as Error);
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(parent);
  }
}

function on(metrics: Metrics | undefined, tracer: Tracer | undefined): Telemetry {
  // Publishing with nothing stored only makes Powertools warn.
  let stored = false;
  const traced = <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const parent = tracer?.getSegment();
    // An unsampled trace (what X-Ray's default rule makes of most requests)
    // records nothing, so it gets no subsegments: each would draw a random id.
    if (!tracer || !parent || parent.notTraced) return work();
    return inSubsegment(tracer, parent, name, work);
  };
  const telemetry: Telemetry = {
    metricsEnabled: metrics !== undefined,
    tracingEnabled: tracer !== undefined,
    count: (name, value = 1) => {
      metrics?.addMetric(name, "Count", value);
      stored = metrics !== undefined;
    },
    traced,
    invocation: async (route, work) => {
      metrics?.captureColdStartMetric();
      try {
        return await invocations.run({ route, telemetry }, () => traced(`## ${route}`, work));
      } finally {
        if (stored) metrics?.publishStoredMetrics();
        stored = false;
      }
    },
  };
  return telemetry;
}

let current: Telemetry = off;

/**
 * Sets up the process's telemetry from the environment, once, at handler
 * load: metrics when POWERTOOLS_METRICS_NAMESPACE is set, X-Ray traces when
 * POWERTOOLS_TRACE_ENABLED=true (inside Lambda). Off, nothing is loaded.
 */
export function configureTelemetry(service: string, source: VariableSource = process.env): Telemetry {
  const env = environment(source);
  const metrics = metricsOf(env, service);
  const tracer = tracerOf(env, service);
  current = metrics || tracer ? on(metrics, tracer) : off;
  return current;
}

/** The telemetry of the invocation being served, else what configureTelemetry last set up (no-op by default). */
export function telemetry(): Telemetry {
  return invocations.getStore()?.telemetry ?? current;
}
