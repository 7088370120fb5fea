import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { invocationEvent } from "@bookstore/local/invocation-event";
import { COMPILE_CACHE_UNUSED, FUNCTION_SCRIPT_NAME, SCRIPTS_DIRECTORY } from "@bookstore/orm/compile-cache-loader";
import { UNCACHED_SCRIPTS_KEY } from "@bookstore/orm/compiled-scripts";
import { COMPILE_CACHE_DIRECTORY, LAMBDA_LAYOUT } from "@bookstore/orm/layer-packages";
import { unzipInto, zipDirectory } from "@bookstore/orm-compile-cache/zip-directory";
import { lambdaNode, lambdaNodeOptions } from "@bookstore/test-harness";
import { assetDir, bookstoreTemplate, logicalIdAt } from "../support/infra/cloud-assembly";
import { synthesizeApp } from "../support/infra/synth-in-process";
import { tiersCompiled } from "../support/v8-tiers";

/**
 * The books function's compile cache as the API stack makes it on deploy:
 * the builder's bundle, run on Lambda's Node.js with the synthesized ORM
 * layer where Lambda mounts it, given the function's code zip and the
 * custom resource's properties from the template, publishes a zip; the
 * function, laid out with the layer and that zip's content as Lambda lays
 * them out (/var/task, /opt), then reads its files from the cache.
 */
const layerDir = () => assetDir(logicalIdAt("BookstoreSchema/OrmLayer/Layer/Resource"));
const booksDir = () => assetDir(logicalIdAt("BookstoreApi/BooksFunction/Function/Resource"));
const builderBundle = () => join(assetDir(logicalIdAt("BookstoreApi/CompileCaches/Builder/Function/Resource")), "index.js");
const booksCacheProperties = () => bookstoreTemplate().json.Resources[logicalIdAt("BookstoreApi/CompileCaches/books/Default")]?.Properties ?? {};

/** The builder's handler answering CloudFormation's Create, its publisher giving it `codeZip` and writing the zip it publishes to `zipFile`. */
const PUBLISH_TO_FILE = `
const [bundle, layerRoot, codeZip, zipFile, properties] = process.argv.slice(1);
const { compileCacheHandler } = require(bundle);
const fs = require("node:fs");
const publisher = {
  code: async () => new Uint8Array(fs.readFileSync(codeZip)),
  publish: async (_properties, zip) => { fs.writeFileSync(zipFile, zip); return "arn:aws:lambda:eu-west-1:123456789012:layer:cache:1"; },
  remove: async () => undefined,
};
compileCacheHandler(publisher, { layerRoot })({ RequestType: "Create", ResourceProperties: JSON.parse(properties) })
  .then((answer) => console.log(JSON.stringify(answer)), (error) => { console.error(error); process.exitCode = 1; });
`;

/** Loads the function as Lambda's runtime does (its index.js) and the tracer the deployed functions load too. */
const LOAD_FUNCTION = `
const [task, modules] = process.argv.slice(1);
const { handler } = require(task + "/index.js");
require(modules + "/@aws-lambda-powertools/tracer");
if (typeof handler !== "function") throw new Error("the function exports no handler");
`;

/** Prints the scripts the loaders compiled with the cache on but no V8 data for them, after LOAD_FUNCTION. */
const REPORT_UNCACHED = `
const uncached = globalThis[Symbol.for(${JSON.stringify(UNCACHED_SCRIPTS_KEY)})];
console.log("uncached: " + (uncached && uncached.size > 0 ? [...uncached.keys()].join(", ") : "none"));
`;

/** Writes V8's data of what LOAD_FUNCTION compiled as it loaded the function: each file's top level and eager functions. */
const WRITE_COMPILED_SCRIPTS = `
require(modules + "/@bookstore/orm").writeCompiledScripts();
`;

/** A function hot enough for each of V8's tiers, appended to a script that loads the function or to nothing. */
const HOT_FUNCTION = `
function hot(values) { let sum = 0; for (let i = 0; i < 64; i += 1) sum += values[i % values.length] * i; return sum; }
let total = 0;
for (let i = 0; i < 300000; i += 1) total += hot([1, 2, 3]);
`;

/** `then`, as soon as the loaded function has been handed a request (a bad id: refused before any database is reached), before its answer. */
const handedOne = (then: string) => `
const answering = handler(${JSON.stringify(invocationEvent({ method: "GET", url: "/book/not-a-number", requestId: "compile-caches-test" }))}, { awsRequestId: "compile-caches-test", getRemainingTimeInMillis: () => 10000 });
${then}
answering.then((answer) => { if (answer.statusCode !== 400) throw new Error("answered " + answer.statusCode); });
`;

/** A function called as often as a young container's first two hundred requests call theirs. */
const WARM_FUNCTION = `
function warm(book) { return book.title.length + book.year; }
let sum = 0;
for (let i = 0; i < 200; i += 1) sum += warm({ title: "T" + i, year: 2000 + i });
`;

// Lambda starts Node.js with options sized from each function's memory; the
// builder's and an API function's may differ, and the cache must still fit.
const BUILDER_OPTIONS = lambdaNodeOptions(512);
const FUNCTION_OPTIONS = lambdaNodeOptions(1769);

const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

/** Lambda's layout under `root`: the layer at opt, the function at var/task; and the compile cache's folder, made or not. */
function layOut(root: string) {
  const opt = join(root, LAMBDA_LAYOUT.layers);
  const task = join(root, LAMBDA_LAYOUT.task);
  cpSync(join(layerDir(), "nodejs"), join(opt, "nodejs"), { recursive: true });
  cpSync(booksDir(), task, { recursive: true });
  return { opt, task, modules: join(opt, "nodejs", "node_modules"), cache: join(opt, COMPILE_CACHE_DIRECTORY) };
}
type Layout = ReturnType<typeof layOut>;

describe("an API function's compile cache", () => {
  const node = lambdaNode();
  let work: string;
  let published: Layout;
  // The same function with a cache made by loading it alone (the files' top levels and eager functions).
  let loadedOnly: Layout;

  /** Runs `script` on Lambda's Node.js with the function at `layout` (its folders as the script's arguments, the layer on NODE_PATH as Lambda puts it). */
  const runOn = (layout: Layout, script: string, execArgv: string[], env: NodeJS.ProcessEnv = {}) => {
    const run = spawnSync(node.path, [...execArgv, "-e", script, layout.task, layout.modules], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, NODE_PATH: layout.modules, POWERTOOLS_LOG_LEVEL: "SILENT", ...env },
    });
    if (run.status !== 0) throw new Error(`the script failed: ${run.stderr}`);
    return run;
  };

  /** Loads the function from `layout`; what Node.js's compile cache reported on the way. */
  const loadFunction = (layout: Layout, execArgv: string[] = FUNCTION_OPTIONS): string => runOn(layout, LOAD_FUNCTION, execArgv, { NODE_DEBUG_NATIVE: "COMPILE_CACHE" }).stderr;

  beforeAll(() => {
    if (Number(node.version.split(".")[0]) < 22) throw new Error(`Lambda's Node.js could not be installed (on ${node.version}, which has no compile cache)`);
    work = mkdtempSync(join(tmpdir(), "compile-caches-test-"));
    const codeZip = join(work, "code.zip");
    writeFileSync(codeZip, zipDirectory(booksDir()));
    const zipFile = join(work, "published.zip");
    const answer = execFileSync(node.path, [...BUILDER_OPTIONS, "-e", PUBLISH_TO_FILE, builderBundle(), layerDir(), codeZip, zipFile, JSON.stringify(booksCacheProperties())], { encoding: "utf8" });
    expect(JSON.parse(answer)).toEqual({ PhysicalResourceId: expect.stringMatching(/:layer:cache:1$/), Data: { LayerVersionArn: expect.any(String) } });

    published = layOut(join(work, "published"));
    unzipInto(new Uint8Array(readFileSync(zipFile)), published.opt);
    loadedOnly = layOut(join(work, "loaded-only"));
    mkdirSync(loadedOnly.cache);
    runOn(loadedOnly, LOAD_FUNCTION + WRITE_COMPILED_SCRIPTS, BUILDER_OPTIONS);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("is published as the content of /opt/compile-cache, one folder for the runtime it was made on", () => {
    const [runtimeFolder, ...others] = readdirSync(published.cache);
    expect(others).toEqual([]);
    expect(runtimeFolder).toMatch(new RegExp(`^v${node.version.replace(/\./g, "\\.")}-${process.arch}-`));
  });

  /** The file of V8's data for `name` (a package, or the function's bundle) in the cache of `layout`, in its runtime's folder. */
  const dataOf = (layout: Layout, name: string) => {
    const [runtimeFolder] = readdirSync(layout.cache);
    return join(layout.cache, runtimeFolder as string, SCRIPTS_DIRECTORY, `${name}.v8`);
  };
  const LOADED_NAMES = [FUNCTION_SCRIPT_NAME, "@bookstore/orm", "@aws-lambda-powertools/tracer"];

  it("holds V8's data for the bundle and each package's file it loads, which the loaders hand to V8 (with another memory size than the builder's), Node.js's entries for what those load through require(), and loading writes nothing to it", () => {
    for (const name of LOADED_NAMES) expect(statSync(dataOf(published, name)).size).toBeGreaterThan(10_000);
    const before = filesUnder(published.cache);
    const report = runOn(published, LOAD_FUNCTION + REPORT_UNCACHED, FUNCTION_OPTIONS, { NODE_DEBUG_NATIVE: "COMPILE_CACHE" });
    // Each loader leaves the scripts it found no data for; none, and V8 refused none (the loaders would say so).
    expect(report.stdout.trim()).toBe("uncached: none");
    expect(report.stderr).not.toContain(COMPILE_CACHE_UNUSED);
    expect(report.stderr).toMatch(/V8 code cache for CommonJS \S*\/nodejs\/node_modules\/@bookstore\/orm\/load\.js was accepted/);
    expect(report.stderr).not.toMatch(/was (rejected|not initialized)/);
    expect(filesUnder(published.cache)).toEqual(before);
  });

  it("data V8 refuses (here, another file's) is said so in one line of the function's log, and the file compiles as without it", () => {
    const refused = layOut(join(work, "refused"));
    cpSync(published.cache, refused.cache, { recursive: true });
    copyFileSync(dataOf(refused, "@aws-lambda-powertools/tracer"), dataOf(refused, "@bookstore/orm"));
    const { stderr } = runOn(refused, LOAD_FUNCTION, FUNCTION_OPTIONS);
    expect(stderr.split(COMPILE_CACHE_UNUSED)).toHaveLength(2);
    expect(stderr).toContain(`V8 refused the cached code of ${join(refused.modules, "@bookstore", "orm", "index.js")}`);
  });

  it("holds more than each file's top level: what the builder's first requests compiled, in the bundle and in the layer", () => {
    const growth = (name: string) => statSync(dataOf(published, name)).size / statSync(dataOf(loadedOnly, name)).size;
    // ≈2.1× each: connecting, the protocol, the queries and hydration, the routes and the logger compiled too.
    expect(growth(FUNCTION_SCRIPT_NAME)).toBeGreaterThan(1.7);
    expect(growth("@bookstore/orm")).toBeGreaterThan(1.8);
  });

  /** The tiers V8 compiled the function `name` with, in order, in a process that ran `script` on the published function; each compile done when due, on the main thread. */
  const tiersIn = (script: string, name: string) =>
    tiersCompiled(runOn(published, script, [...FUNCTION_OPTIONS, "--trace-opt", "--no-concurrent-recompilation"]).stdout, name);

  it("the function runs with the V8 flags its loader sets: without TurboFan, V8 stops at Maglev", () => {
    expect(new Set(tiersIn(HOT_FUNCTION, "hot"))).toEqual(new Set(["MAGLEV", "TURBOFAN_JS"]));
    expect(new Set(tiersIn(LOAD_FUNCTION + HOT_FUNCTION, "hot"))).toEqual(new Set(["MAGLEV"]));
  });

  it("from the function's first request on, V8 optimizes what its requests call after fewer calls than V8's own thresholds; not while it loads", () => {
    expect(tiersIn(WARM_FUNCTION, "warm")).toEqual([]);
    expect(tiersIn(LOAD_FUNCTION + WARM_FUNCTION, "warm")).toEqual([]);
    expect(tiersIn(LOAD_FUNCTION + handedOne(WARM_FUNCTION), "warm")).toEqual(["MAGLEV"]);
  });

  it("made for other V8 flags (another runtime version alike), is ignored and the function loads as without it", () => {
    const otherFlags = runOn(published, LOAD_FUNCTION + REPORT_UNCACHED, FUNCTION_OPTIONS.filter((option) => option !== "--expose-gc"), { NODE_DEBUG_NATIVE: "COMPILE_CACHE" });
    expect(otherFlags.stderr).not.toMatch(/was accepted/);
    expect(otherFlags.stdout).toContain("@bookstore/orm.v8");
  });

  it("there but not usable by Node.js (on Lambda, after a runtime update: a read-only /opt with no folder for the new version, checked by hand; here, a file where the folder should be): the function says so in one line of its log and loads as without it", () => {
    const unusable = layOut(join(work, "unusable"));
    writeFileSync(unusable.cache, "");
    const report = loadFunction(unusable);
    expect(report).not.toMatch(/was accepted/);
    expect(report.split(COMPILE_CACHE_UNUSED)).toHaveLength(2);
    expect(report).toContain(`${COMPILE_CACHE_UNUSED} on Node.js v${node.version} (${process.arch})`);
    expect(loadFunction(published)).not.toContain(COMPILE_CACHE_UNUSED);
  });
});

describe("the compile caches' custom resources", () => {
  const cachesOf = (context: Record<string, unknown>) => {
    const { api } = synthesizeApp(context);
    const resources = api.findResources("Custom::CompileCache") as Record<string, { Properties: Record<string, unknown> }>;
    const functions = api.findResources("AWS::Lambda::Function") as Record<string, { Properties: { Code: { S3Key?: string }; Layers?: unknown[] } }>;
    return { resources, functions };
  };

  it("one per API function, made again for a new bundle, a new ORM layer version or a new -c compileCacheBuild label, and attached to its function", () => {
    const { resources, functions } = cachesOf({});
    expect(Object.keys(resources)).toHaveLength(2);
    for (const [service, resource] of [["books", "/book"], ["reviews", "/review"]] as const) {
      const [id, cacheResource] = Object.entries(resources).find(([, candidate]) => candidate.Properties.LayerName === `BookstoreApi-${service}-compile-cache`) ?? [];
      const properties = cacheResource?.Properties ?? {};
      const fn = Object.values(functions).find((candidate) => candidate.Properties.Code.S3Key === properties.CodeKey);
      expect(fn?.Properties.Layers).toContainEqual({ "Fn::GetAtt": [id, "LayerVersionArn"] });
      expect(properties).toMatchObject({
        OrmLayerVersionArn: { Ref: expect.stringMatching(/^SsmParameterValuebookstoreschemalayerversionarn/) },
        Layout: { layers: LAMBDA_LAYOUT.layers, task: LAMBDA_LAYOUT.task, cache: COMPILE_CACHE_DIRECTORY },
        CompatibleRuntime: "nodejs24.x",
        CompatibleArchitecture: "arm64",
      });
      const requests = JSON.parse(properties.Requests as string) as Array<{ httpMethod: string; resource: string }>;
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) expect(request).toMatchObject({ httpMethod: "GET", resource: expect.stringMatching(new RegExp(`^${resource}`)) });
      expect(properties).not.toHaveProperty("Build");
    }
    const labelled = cachesOf({ compileCacheBuild: "after-runtime-update" }).resources;
    for (const [id, resource] of Object.entries(resources)) expect(labelled[id]?.Properties).toEqual({ ...resource.Properties, Build: "after-runtime-update" });
  });
});
