import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UNCACHED_SCRIPTS_KEY } from "../src/compile-cache/compiled-scripts";
import { COMPILE_CACHE_DIRECTORY, LAMBDA_LAYOUT } from "./layer-packages";

/** The file a package of the layer names as its main: it loads the package's own file (index.js). */
export const LOADER_FILE = "load.js";

/** The file a function's bundle moves to; index.js, the handler's module, becomes its loader. */
export const FUNCTION_BUNDLE_FILE = "function.js";

/** The folder of the loaders' V8 data, in Node.js's compile cache folder for the runtime. */
export const SCRIPTS_DIRECTORY = "scripts";

/** The name of a function bundle's V8 data; a package's is the package's name. */
export const FUNCTION_SCRIPT_NAME = "function";

/** What a loader writes (console.warn: a WARN line in Lambda's log) when the cache is there but Node.js cannot use it; the API stack's alarm looks for it. */
export const COMPILE_CACHE_UNUSED = "compile cache unused";

/**
 * V8 flags a function's loader sets before anything else loads. Without
 * TurboFan, V8 stops at Maglev: a young container no longer spends its
 * first thousands of requests compiling the ORM's wider code with TurboFan
 * on a thread that competes with the request for the function's share of
 * a CPU (the p99 of its requests 100 to 2,100 ≈1.5× lower), at up to 25 %
 * on the p50 of a container that has served 20,000 requests, by when
 * TurboFan would have optimized the code (docs/performance.md).
 * NODE_OPTIONS refuses V8's flags, and an exec wrapper would cost each
 * cold start a shell. V8 reads these at each tier-up, so setting them here
 * works (--max-opt=2 would not: V8 reads it only at its start). Maglev's
 * thresholds are V8's own (Node.js 24's) while the code loads, set
 * explicitly so that a loader run again in one process (the compile
 * caches' builder does) loads under the same flags: V8 accepts a cache
 * only from a process whose flags were the same when it compiled.
 */
export const LOADING_V8_FLAGS = "--no-turbofan --invocation-count-for-maglev=400 --minimum-invocations-after-ic-update=500";

/**
 * V8 flags from the function's first request on: Maglev after 50 calls of
 * a function (and 50 after its inline caches last changed) instead of 400
 * and 500, so that the code a request runs is optimized within a
 * container's first hundred or so requests rather than around its 500th.
 * Set as the first request starts, not after it: the first request sets
 * most of the request path's tiering budgets (its calls allocate their
 * feedback and settle their inline caches), and V8 keeps a budget until it
 * runs out, so budgets set under the loading thresholds held a young
 * container's request path unoptimized until its ≈500th request. Not
 * while loading: loading the function (the ORM's metadata, its module
 * bodies) calls many functions often enough for the lower thresholds to
 * compile them, ≈5 ms more per cold start; from the first request on they
 * cost its first invocation ≈2.5 ms (docs/performance.md).
 */
export const SERVING_V8_FLAGS = "--invocation-count-for-maglev=50 --minimum-invocations-after-ic-update=50";

/**
 * A loader's source. When the compile cache is at `cacheFromHere`
 * (relative to the loader's folder), it switches Node.js's compile cache
 * on there, with keys relative to the cache (portable), for the files its
 * target loads through require(). The target itself (`target`, in the
 * loader's folder) it compiles as Node.js compiles a CommonJS module (a
 * function of its five parameters), handing V8 the target's data,
 * `name`.v8 in the scripts folder of Node.js's folder for this runtime
 * (named after its version, its architecture and V8's flags, so the data
 * is found only where V8 can accept it): V8 reads the code from it, with
 * none of Node.js's work on a cache entry (copying it twice, checking the
 * source's hash; docs/performance.md). Without the data (on Node.js 20,
 * without the cache, after a runtime update) it compiles the source. With
 * the cache on but no data (the builder's second pass) it asks V8 for the
 * data as it compiles and leaves it for writeCompiledScripts: V8 hands
 * back what it compiled of that source earlier in the process, the
 * builder's first requests included, so the data holds those functions
 * too. With source maps on (--enable-source-maps) it leaves the target to
 * require(), as Node.js applies maps only to the files it compiles itself.
 * The first loader to run switches the cache on; a later one's call
 * changes nothing. A function's loader (`asFunction`) sets
 * LOADING_V8_FLAGS first and SERVING_V8_FLAGS as its handler is first
 * called, and says in one line when the cache is there but Node.js could
 * not use it (after a runtime update: it has no folder for this version
 * and cannot make one), as each cold start then compiles everything until
 * a deploy makes the cache again; any loader says so when V8 refuses its
 * target's data.
 */
function loaderSource(cacheFromHere: string, target: string, name: string, asFunction = false): string {
  const unused = (why: string) =>
    `console.warn(\`${COMPILE_CACHE_UNUSED} on Node.js \${process.version} (\${process.arch}): ${why}; each cold start compiles the code until a deploy makes the cache again\`)`;
  const enable = "Module.enableCompileCache?.({ directory, portable: true })";
  const setV8Flags = (flags: string) => `require("node:v8").setFlagsFromString(${JSON.stringify(flags)})`;
  const exported = asFunction
    ? `let serving = false;
module.exports = {
  ...loaded,
  handler(event, context) {
    if (!serving) {
      serving = true;
      ${setV8Flags(SERVING_V8_FLAGS)};
    }
    return loaded.handler(event, context);
  },
};`
    : "module.exports = loaded;";
  return `"use strict";
${asFunction ? `${setV8Flags(LOADING_V8_FLAGS)};
` : ""}const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const Module = require("node:module");
const directory = join(__dirname, ${JSON.stringify(cacheFromHere)});
let dataFile;
if (existsSync(directory)) {
  ${
    asFunction
      ? `const enabled = ${enable};
  if (enabled && enabled.status === Module.constants.compileCacheStatus.FAILED) ${unused("\${enabled.message}")};`
      : `${enable};`
  }
  const runtimeDirectory = Module.getCompileCacheDir?.();
  if (runtimeDirectory) dataFile = join(runtimeDirectory, ${JSON.stringify(SCRIPTS_DIRECTORY)}, ${JSON.stringify(`${name}.v8`)});
}
const file = join(__dirname, ${JSON.stringify(target)});
function compiledWithData() {
  const cachedData = dataFile && existsSync(dataFile) ? readFileSync(dataFile) : undefined;
  const produce = Boolean(dataFile && !cachedData);
  const compiled = require("node:vm").compileFunction(readFileSync(file, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename: file, cachedData, produceCachedData: produce });
  if (compiled.cachedDataRejected) ${unused(`V8 refused the cached code of \${file}`)};
  else if (produce) (globalThis[Symbol.for(${JSON.stringify(UNCACHED_SCRIPTS_KEY)})] ??= new Map()).set(dataFile, compiled.cachedData);
  const target = new Module(file, module);
  target.filename = file;
  target.paths = module.paths;
  require.cache[file] = target;
  try {
    compiled.call(target.exports, target.exports, Module.createRequire(file), target, file, __dirname);
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  target.loaded = true;
  return target.exports;
}
// Node.js applies source maps (--enable-source-maps) only to the files it compiles itself.
const loaded = process.sourceMapsEnabled ? require(file) : compiledWithData();
${exported}
`;
}

/** Writes `packageDir`'s loader, which finds the compile cache from the layer's root. */
export function writeCompileCacheLoader(packageDir: string, packageName: string, layerRoot: string): void {
  writeFileSync(join(packageDir, LOADER_FILE), loaderSource(relative(packageDir, join(layerRoot, COMPILE_CACHE_DIRECTORY)), "index.js", packageName));
}

/**
 * Puts a function's bundle (`bundleDir`/index.js, with its source map)
 * behind a loader: the bundle becomes function.js, and index.js switches
 * the compile cache at /opt/compile-cache on before loading it, so that the
 * bundle's own code comes from the cache too.
 */
export function putBundleBehindLoader(bundleDir: string): void {
  const bundle = join(bundleDir, "index.js");
  const moved = join(bundleDir, FUNCTION_BUNDLE_FILE);
  const map = `${bundle}.map`;
  renameSync(bundle, moved);
  if (existsSync(map)) {
    renameSync(map, `${moved}.map`);
    const code = readFileSync(moved, "utf8");
    const mapComment = /\/\/# sourceMappingURL=index\.js\.map\s*$/;
    if (!mapComment.test(code)) throw new Error(`${bundle} does not end with its source map's comment`);
    writeFileSync(moved, code.replace(mapComment, `//# sourceMappingURL=${FUNCTION_BUNDLE_FILE}.map\n`));
  }
  const cacheFromTask = relative(join("/", LAMBDA_LAYOUT.task), join("/", LAMBDA_LAYOUT.layers, COMPILE_CACHE_DIRECTORY));
  writeFileSync(bundle, loaderSource(cacheFromTask, FUNCTION_BUNDLE_FILE, FUNCTION_SCRIPT_NAME, true));
}

// The function bundles' build runs it on each bundle's folder: compile-cache-loader <folder>
if (require.main === module) {
  const [folder] = process.argv.slice(2);
  if (!folder) {
    console.error("usage: compile-cache-loader <bundle folder>");
    process.exit(2);
  }
  putBundleBehindLoader(resolve(folder));
}
