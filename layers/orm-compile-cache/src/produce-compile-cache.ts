import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { exerciseOrm, type OrmExports } from "./exercise-orm";
import { nodeCompileCache } from "./node-compile-cache";

/** The layer's packages as Lambda mounts them: `<layerRoot>/nodejs/node_modules`. */
const modulesOf = (layerRoot: string) => join(layerRoot, "nodejs", "node_modules");

/** Every JavaScript file the layer ships, sorted: what a function may load from it. */
function layerScripts(layerRoot: string): string[] {
  const modules = modulesOf(layerRoot);
  return readdirSync(modules, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".js"))
    .map((path) => join(modules, path))
    .sort();
}

/**
 * Writes the V8 compile cache of the layer at `layerRoot` into `cacheDir`
 * (deployed as a layer of its own, whose content the ORM layer's packages
 * look for at /opt/compile-cache). Run it in a process of
 * its own, on the runtime the functions run on: Node.js keys the cache by its
 * version, the architecture and V8's flags, and ignores a cache made by
 * another.
 *
 * Node.js caches what V8 compiled while it compiled a file: its top level and
 * the functions compiled eagerly. So the ORM is first loaded and run through
 * what a first request runs, offline (building the entities' metadata and
 * statements; nothing is sent), and only then is every file of the layer
 * loaded again with the cache on: V8 hands back the functions it compiled in
 * the meantime, and the cache holds them too.
 */
export async function produceCompileCache(layerRoot: string, cacheDir: string): Promise<void> {
  const compileCache = nodeCompileCache();
  const scripts = layerScripts(layerRoot);
  const orm = require(join(modulesOf(layerRoot), "@bookstore", "orm")) as OrmExports;
  await exerciseOrm(orm);
  for (const script of scripts) delete require.cache[script];

  const enabled = compileCache.enableCompileCache(cacheDir);
  if (enabled.status !== compileCache.constants.compileCacheStatus.ENABLED) {
    throw new Error(`the compile cache could not be switched on in ${cacheDir} (status ${enabled.status}): ${enabled.message ?? "already on elsewhere"}`);
  }
  for (const script of scripts) require(script);
  compileCache.flushCompileCache();
}

export interface FreshProcess {
  /** A module exporting produceCompileCache: this one, or a bundle of it. */
  script: string;
  layerRoot: string;
  cacheDir: string;
  /** @default this process's Node.js, with its options */
  node?: string;
  execArgv?: string[];
}

/** produceCompileCache in a process of its own (the layer must not be loaded yet). */
export function produceInFreshProcess({ script, layerRoot, cacheDir, node = process.execPath, execArgv = process.execArgv }: FreshProcess): void {
  const run = "require(process.argv[1]).produceCompileCache(process.argv[2], process.argv[3]).catch((error) => { console.error(String(error)); process.exitCode = 1; })";
  execFileSync(node, [...execArgv, "-e", run, script, layerRoot, cacheDir], { stdio: ["ignore", "inherit", "inherit"] });
}
