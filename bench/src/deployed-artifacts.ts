import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { layOutFunction, type FunctionLayout, type LaidOutFunction } from "@bookstore/orm-compile-cache/function-layout";
import { produceInFreshProcess } from "@bookstore/orm-compile-cache/produce-compile-cache";
import { lambdaNodeOptions } from "@bookstore/test-harness";
import { PROJECT_ROOT } from "./bench-paths";
import { temporaryDirectory } from "./temporary-directory";
import type { Service } from "./variants";

const FUNCTIONS: Record<Service, string> = { books: "BookstoreApi/BooksFunction/Function/Resource", reviews: "BookstoreApi/ReviewsFunction/Function/Resource" };
const COMPILE_CACHES: Record<Service, string> = { books: "BookstoreApi/CompileCaches/books/Default", reviews: "BookstoreApi/CompileCaches/reviews/Default" };
const BUILDER = "BookstoreApi/CompileCaches/Builder/Function/Resource";
// A function's memory when its template leaves it out, as Lambda defaults it.
const LAMBDA_DEFAULT_MEMORY_MB = 128;

export interface DeployedArtifacts {
  /** The synthesized assets and everything made from them: removed after the run. */
  outdir: string;
  /** Each API function laid out as Lambda runs it, with its compile cache as the API stack's builder makes it on deploy. */
  functions: Record<Service, LaidOutFunction>;
  /** Each API function's bundle as synthesized (what `cdk deploy` uploads). */
  bundles: Record<Service, string>;
  migratorDir: string;
  /** The layer as synthesized: nodejs/node_modules is what Lambda puts at /opt/nodejs/node_modules. */
  layerDir: string;
  layerModules: string;
  /** The files of each function's compile cache as the builder made them. */
  compileCacheFiles: Record<Service, string[]>;
  /** The options Lambda starts Node.js with for each function, from its memory. */
  nodeOptions: Record<Service, string[]>;
}

const SERVICES = Object.keys(FUNCTIONS) as Service[];
const filesUnder = (folder: string) => readdirSync(folder, { recursive: true, encoding: "utf8" }).sort();

/**
 * Files the measured processes added to a compile cache (Node.js writes
 * what it compiled without a cache when a process exits, where it can: in
 * Lambda /opt is read-only). None, or the run measured a cache other than
 * the deployed one.
 */
export function compileCacheWrites(artifacts: DeployedArtifacts): string[] {
  return SERVICES.flatMap((service) =>
    filesUnder(artifacts.functions[service].cache)
      .filter((file) => !artifacts.compileCacheFiles[service].includes(file))
      .map((file) => `${service}: ${file}`),
  );
}

/**
 * The function bundles and the layer exactly as `cdk deploy` would upload
 * them, from a real `cdk synth`; and each API function laid out as in
 * Lambda with its compile cache as the API stack's builder makes it on
 * deploy: the builder's bundle on `node` (Lambda's Node.js), with the
 * requests the template gives it.
 */
export function synthesizeDeployedArtifacts(node: string): DeployedArtifacts {
  const outdir = temporaryDirectory("bookstore-bench-cdk-");
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  try {
    execFileSync(join(PROJECT_ROOT, "node_modules", ".bin", "cdk"), ["synth", "--quiet", "--no-notices", "--output", outdir], {
      cwd: PROJECT_ROOT,
      env: { ...env, CDK_DISABLE_VERSION_CHECK: "true" },
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (error) {
    throw new Error(`cdk synth failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  type Resource = { Metadata?: Record<string, string>; Properties?: { MemorySize?: number; Requests?: string; Layout?: FunctionLayout } };
  const templates = new Map<string, { Resources: Record<string, Resource> }>();
  const resourceAt = (path: string): Resource => {
    const stack = path.split("/")[0] as string;
    const template = templates.get(stack) ?? JSON.parse(readFileSync(join(outdir, `${stack}.template.json`), "utf8"));
    templates.set(stack, template);
    const resource = Object.values(template.Resources as Record<string, Resource>).find((candidate) => candidate.Metadata?.["aws:cdk:path"] === path);
    if (!resource) throw new Error(`no ${path} in the synthesized templates`);
    return resource;
  };
  const assetAt = (path: string): string => {
    const asset = resourceAt(path).Metadata?.["aws:asset:path"];
    if (!asset) throw new Error(`no asset for ${path} in the synthesized templates`);
    return join(outdir, asset);
  };
  const nodeOptionsOf = (path: string) => lambdaNodeOptions(resourceAt(path).Properties?.MemorySize ?? LAMBDA_DEFAULT_MEMORY_MB);
  const layerDir = assetAt("BookstoreSchema/OrmLayer/Layer/Resource");
  const bundles = Object.fromEntries(SERVICES.map((service) => [service, assetAt(FUNCTIONS[service])])) as Record<Service, string>;
  const functions = Object.fromEntries(
    SERVICES.map((service) => {
      const { Requests, Layout } = resourceAt(COMPILE_CACHES[service]).Properties ?? {};
      if (!Requests || !Layout) throw new Error(`${COMPILE_CACHES[service]} has no requests or layout`);
      const laidOut = layOutFunction(join(outdir, `function-${service}`), Layout, { layerRoot: layerDir, bundleDir: bundles[service] });
      produceInFreshProcess({ script: join(assetAt(BUILDER), "index.js"), laidOut, requests: JSON.parse(Requests) as unknown[], node, execArgv: nodeOptionsOf(BUILDER) });
      return [service, laidOut];
    }),
  ) as Record<Service, LaidOutFunction>;
  return {
    outdir,
    functions,
    bundles,
    migratorDir: assetAt("BookstoreSchema/SchemaMigrator/Migrator/Function/Resource"),
    layerDir,
    layerModules: join(layerDir, "nodejs", "node_modules"),
    compileCacheFiles: Object.fromEntries(SERVICES.map((service) => [service, filesUnder(functions[service].cache)])) as Record<Service, string[]>,
    nodeOptions: Object.fromEntries(SERVICES.map((service) => [service, nodeOptionsOf(FUNCTIONS[service])])) as Record<Service, string[]>,
  };
}
