import { join } from "node:path";
import type { BenchScripts } from "./bench-scripts";
import type { DeployedArtifacts } from "./deployed-artifacts";

export type VariantName = "project" | "baseline";
export type Service = "books" | "reviews";

/** How one side of the comparison is run: which module a container loads, with which environment. */
export interface Variant {
  name: VariantName;
  handler(service: Service): string;
  env: NodeJS.ProcessEnv;
}

// What the deployed functions' environment sets besides the database settings.
const DEPLOYED_ENV = { POWERTOOLS_LOG_LEVEL: "INFO" };

export function variants(artifacts: DeployedArtifacts, scripts: BenchScripts, databaseUrl: string): Record<VariantName, Variant> {
  const base = { PATH: process.env.PATH, DATABASE_URL: databaseUrl, ...DEPLOYED_ENV };
  return {
    project: {
      name: "project",
      handler: (service) => join(service === "books" ? artifacts.booksDir : artifacts.reviewsDir, "index.js"),
      // Lambda puts a layer's nodejs/node_modules on the module path.
      env: { ...base, NODE_PATH: artifacts.layerModules },
    },
    baseline: {
      name: "baseline",
      handler: () => scripts.baselineHandler,
      env: base,
    },
  };
}

export function withDatabase(variant: Variant, databaseUrl: string): Variant {
  return { ...variant, env: { ...variant.env, DATABASE_URL: databaseUrl } };
}

export function withLogLevel(variant: Variant, level: string): Variant {
  return { ...variant, env: { ...variant.env, POWERTOOLS_LOG_LEVEL: level } };
}
