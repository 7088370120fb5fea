import type { Context } from "aws-lambda";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { exerciseOrm, ROUNDS, type OrmExports } from "./exercise-orm";
import type { LaidOutFunction } from "./function-layout";
import { nodeCompileCache } from "./node-compile-cache";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const ormOf = (laidOut: LaidOutFunction) => require(join(laidOut.layers, "nodejs", "node_modules", "@bookstore", "orm")) as OrmExports;

/** Every file under `folder` whose name ends with `ending`, sorted. */
function filesUnder(folder: string, ending: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(ending))
    .map((path) => join(folder, path))
    .sort();
}

// What the function's code may read of its context; the time left is a request's.
const CONTEXT = { functionName: "compile-cache", awsRequestId: "compile-cache", getRemainingTimeInMillis: () => 10_000 } as Context;

/**
 * Writes the V8 compile cache of a function laid out as in Lambda (see
 * layOutFunction): the layer's code and the function bundle's, keyed by
 * their paths relative to the cache (Node.js's portable cache), deployed as
 * a layer of the function's at /opt/compile-cache. Run it in a process of
 * its own, on the runtime the function runs on: Node.js keys the cache by
 * its version, the architecture and V8's flags, and ignores a cache made by
 * another.
 *
 * Node.js caches what V8 compiled while it compiled a file: its top level
 * and the functions compiled eagerly. So the layer's ORM is first run
 * through what a first request runs and the function answers `requests`
 * (API Gateway's events), against a stand-in PostgreSQL (nothing leaves
 * the machine); only then is every file loaded again with the cache on: V8
 * hands back the functions it compiled in the meantime, and the cache holds
 * them too. The files the loaders compile themselves (each package's own
 * file and the bundle) get V8's data for them (writeCompiledScripts), the
 * others Node.js's cache entries.
 */
export async function produceCompileCache(laidOut: LaidOutFunction, requests: unknown[]): Promise<void> {
  const compileCache = nodeCompileCache();
  const modules = join(laidOut.layers, "nodejs", "node_modules");
  const scripts = [...filesUnder(modules, ".js"), ...filesUnder(laidOut.task, ".js")];
  const packages = filesUnder(modules, "package.json").map(dirname);
  await exerciseOrm(ormOf(laidOut), async () => {
    const { handler } = require(laidOut.task) as { handler: Handler };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const event of requests) await handler(event, CONTEXT);
    }
    await ormOf(laidOut).closeDataSource();
    for (const script of scripts) delete require.cache[script];

    // Loaded again as Lambda loads it, through its loader, which switches the
    // cache on now that its folder is there. Node.js names the folder after
    // the V8 flags of that moment, and V8 accepts a file's entry only under
    // the flags it was compiled with: the loader first sets the flags a
    // function loads with (the first pass's requests left the ones it serves
    // with), so each file is compiled here under the flags it is in Lambda,
    // those a first request loads too. The function opens its connection
    // again (to the stand-in).
    mkdirSync(laidOut.cache, { recursive: true });
    require(laidOut.task);
    const enabledIn = compileCache.getCompileCacheDir();
    if (!enabledIn?.startsWith(`${laidOut.cache}${sep}`)) {
      throw new Error(`the function's loader did not switch the compile cache on in ${laidOut.cache}${enabledIn ? ` (it is on in ${enabledIn})` : ""}`);
    }
    // Each package through its loader (its main) first, which compiles the
    // package's file itself, then the rest for Node.js's cache.
    for (const path of [...packages, ...scripts]) require(path);
    ormOf(laidOut).writeCompiledScripts();
    compileCache.flushCompileCache();
    await ormOf(laidOut).closeDataSource();
  });
}

export interface FreshProcess {
  /** A module exporting produceCompileCache: this one, or a bundle of it. */
  script: string;
  laidOut: LaidOutFunction;
  requests: unknown[];
  /** @default this process's Node.js, with its options */
  node?: string;
  execArgv?: string[];
}

/** produceCompileCache in a process of its own (neither the layer nor the function may be loaded yet). */
export function produceInFreshProcess({ script, laidOut, requests, node = process.execPath, execArgv = process.execArgv }: FreshProcess): void {
  const run = "require(process.argv[1]).produceCompileCache(JSON.parse(process.argv[2]), JSON.parse(process.argv[3])).catch((error) => { console.error(String(error)); process.exitCode = 1; })";
  execFileSync(node, [...execArgv, "-e", run, script, JSON.stringify(laidOut), JSON.stringify(requests)], { stdio: ["ignore", "inherit", "inherit"] });
}
