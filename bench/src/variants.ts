import { lambdaTraceEnvironment, serverVersionSetting } from "@bookstore/test-harness";
import { join } from "node:path";
import type { BenchScripts } from "./bench-scripts";
import type { DeployedArtifacts } from "./deployed-artifacts";
import { PRIMING_VARIABLE, type Priming } from "./priming";

export type VariantName = "project" | "baseline";
export type Service = "books" | "reviews";

/** How one side of the comparison is run: which module a container loads, with which environment. */
export interface Variant {
  name: VariantName;
  handler(service: Service): string;
  env: NodeJS.ProcessEnv;
  /** The Node.js executable its processes run on. */
  node: string;
  /** The options Lambda starts Node.js with for the service's function. */
  nodeOptions(service: Service): string[];
  /** Node.js options of its processes besides Lambda's (e.g. the profiler's). */
  execArgv?: string[];
}

// What the deployed functions' environment sets besides the database settings.
const DEPLOYED_ENV = { POWERTOOLS_LOG_LEVEL: "INFO" };

export function variants(artifacts: DeployedArtifacts, scripts: BenchScripts, databaseUrl: string, serverVersion: string, node: string): Record<VariantName, Variant> {
  const base = { PATH: process.env.PATH, DATABASE_URL: databaseUrl, ...DEPLOYED_ENV };
  // The baseline is deployed as the project's function for the same service is.
  const nodeOptions = (service: Service) => artifacts.nodeOptions[service];
  return {
    project: {
      name: "project",
      // Laid out as in Lambda, where the function finds the layer's packages
      // (see layOutFunction); the stack tells the functions the engine's version, as it does here.
      handler: (service) => join(artifacts.functions[service].task, "index.js"),
      env: { ...base, DB_SERVER_VERSION: serverVersionSetting(serverVersion) },
      node,
      nodeOptions,
    },
    baseline: {
      name: "baseline",
      handler: () => scripts.baselineHandler,
      env: base,
      node,
      nodeOptions,
    },
  };
}

export function withDatabase(variant: Variant, databaseUrl: string): Variant {
  return { ...variant, env: { ...variant.env, DATABASE_URL: databaseUrl } };
}

/** All the options of `variant`'s process for `service`: Lambda's, then its own. */
export function processOptions(variant: Variant, service: Service): string[] {
  return [...variant.nodeOptions(service), ...(variant.execArgv ?? [])];
}

/** The same variant on another Node.js executable. */
export function onNode(variant: Variant, node: string): Variant {
  return { ...variant, node };
}

/** The layer's client-side limits, for connecting and for each statement, set to `milliseconds`. */
export function withClientTimeouts(variant: Variant, milliseconds: number): Variant {
  return { ...variant, env: { ...variant.env, DB_CONNECT_TIMEOUT_MS: String(milliseconds), DB_STATEMENT_TIMEOUT_MS: String(milliseconds) } };
}

/**
 * The project's bundles on `layerModules` (a layer's nodejs/node_modules,
 * by default the synthesized one), without a compile cache: as after a
 * runtime update until the next deploy, or on another build of the layer.
 */
export function withoutCompileCache(variant: Variant, artifacts: DeployedArtifacts, layerModules = artifacts.layerModules): Variant {
  return { ...variant, handler: (service) => join(artifacts.bundles[service], "index.js"), env: { ...variant.env, NODE_PATH: layerModules } };
}

/** The project primed before its first request (see priming.ts). */
export function withPriming(variant: Variant, priming: Priming): Variant {
  return { ...variant, env: { ...variant.env, [PRIMING_VARIABLE]: JSON.stringify(priming) } };
}

export function withLogLevel(variant: Variant, level: string): Variant {
  return { ...variant, env: { ...variant.env, POWERTOOLS_LOG_LEVEL: level } };
}

/**
 * The project with metrics and X-Ray tracing switched on, in the environment
 * Lambda gives a traced function (the trace header of an invocation, the
 * runtime's markers); subsegments go to `daemonAddress` over UDP. Unsampled,
 * the invocations' trace header says not to record them, as X-Ray's default
 * rule (1 a second and 5 % of the rest) says of most requests.
 */
export function withTelemetry(variant: Variant, daemonAddress: string, { sampled = true }: { sampled?: boolean } = {}): Variant {
  return {
    ...variant,
    env: {
      ...variant.env,
      ...lambdaTraceEnvironment(daemonAddress, { sampled }),
      POWERTOOLS_METRICS_NAMESPACE: "BookstoreBench",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
    },
  };
}

/** The same deployed bundles on the data-api target, against the local Data API endpoint. */
export function overDataApi(variant: Variant, environment: Record<string, string>): Variant {
  const env = { ...variant.env, ...environment };
  delete env.DATABASE_URL;
  delete env.DB_SERVER_VERSION;
  return { ...variant, env };
}
