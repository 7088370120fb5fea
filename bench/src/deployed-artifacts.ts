import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { COMPILE_CACHE_DIRECTORY } from "@bookstore/orm/layer-packages";
import { produceInFreshProcess } from "@bookstore/orm-compile-cache/produce-compile-cache";
import { lambdaNodeOptions } from "@bookstore/test-harness";
import { temporaryDirectory } from "./temporary-directory";

const PROJECT_ROOT = resolve(__dirname, "..", "..");
const BOOKS = "BookstoreApi/BooksFunction/Function/Resource";
const REVIEWS = "BookstoreApi/ReviewsFunction/Function/Resource";
const BUILDER = "BookstoreSchema/OrmCompileCache/Builder/Function/Resource";
// A function's memory when its template leaves it out, as Lambda defaults it.
const LAMBDA_DEFAULT_MEMORY_MB = 128;

export interface DeployedArtifacts {
  booksDir: string;
  reviewsDir: string;
  migratorDir: string;
  /** The layer's nodejs/node_modules: what Lambda puts at /opt/nodejs/node_modules. */
  layerModules: string;
  /** What Lambda puts at /opt: the layer, and beside it its compile cache. */
  layerDir: string;
  /** The same layer without its compile cache, as after a runtime update until the next deploy. */
  layerModulesWithoutCompileCache: string;
  /** The files of the compile cache as the builder made them. */
  compileCacheFiles: string[];
  /** The options Lambda starts Node.js with for each function, from its memory. */
  nodeOptions: { books: string[]; reviews: string[] };
}

const filesOfCompileCache = (layerDir: string) => readdirSync(join(layerDir, COMPILE_CACHE_DIRECTORY), { recursive: true, encoding: "utf8" }).sort();

/**
 * Files the measured processes added to the compile cache (Node.js writes
 * what it compiled without a cache when a process exits, where it can: in
 * Lambda /opt is read-only). None, or the run measured a cache other than
 * the deployed one.
 */
export function compileCacheWrites(artifacts: DeployedArtifacts): string[] {
  return filesOfCompileCache(artifacts.layerDir).filter((file) => !artifacts.compileCacheFiles.includes(file));
}

/**
 * The function bundles and the layer exactly as `cdk deploy` would upload
 * them, from a real `cdk synth`; and the layer's compile cache as the
 * schema stack's builder makes it on deploy: its bundle, on `node`
 * (Lambda's Node.js).
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
  type Resource = { Metadata?: Record<string, string>; Properties?: { MemorySize?: number } };
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
  const withoutCache = join(outdir, "layer-without-compile-cache");
  cpSync(join(layerDir, "nodejs"), join(withoutCache, "nodejs"), { recursive: true });
  produceInFreshProcess({
    script: join(assetAt(BUILDER), "index.js"),
    layerRoot: layerDir,
    cacheDir: join(layerDir, COMPILE_CACHE_DIRECTORY),
    node,
    execArgv: nodeOptionsOf(BUILDER),
  });
  return {
    booksDir: assetAt(BOOKS),
    reviewsDir: assetAt(REVIEWS),
    migratorDir: assetAt("BookstoreSchema/SchemaMigrator/Migrator/Function/Resource"),
    layerDir,
    layerModules: join(layerDir, "nodejs", "node_modules"),
    layerModulesWithoutCompileCache: join(withoutCache, "nodejs", "node_modules"),
    compileCacheFiles: filesOfCompileCache(layerDir),
    nodeOptions: { books: nodeOptionsOf(BOOKS), reviews: nodeOptionsOf(REVIEWS) },
  };
}
