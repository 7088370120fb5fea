import { unzipSync } from "fflate";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { COMPILE_CACHE_DIRECTORY } from "@bookstore/orm/layer-packages";
import { lambdaNode, lambdaNodeOptions } from "@bookstore/test-harness";
import { assetDir, logicalIdAt } from "../support/infra/cloud-assembly";
import { synthesizeApp } from "../support/infra/synth-in-process";

/**
 * The compile cache as the schema stack makes it on deploy: the builder's
 * bundle, run on Lambda's Node.js with the synthesized ORM layer where
 * Lambda mounts it, publishes a zip; the layer, laid out with that zip's
 * content as Lambda lays out the two layers at /opt, then reads its files
 * from the cache.
 */
const layerDir = () => assetDir(logicalIdAt("BookstoreSchema/OrmLayer/Layer/Resource"));
const builderBundle = () => join(assetDir(logicalIdAt("BookstoreSchema/OrmCompileCache/Builder/Function/Resource")), "index.js");

/** The builder's handler answering CloudFormation's Create, its publisher writing the zip to `zipFile`. */
const PUBLISH_TO_FILE = `
const [bundle, layerRoot, zipFile] = process.argv.slice(1);
const { compileCacheHandler } = require(bundle);
const publisher = {
  publish: async (_properties, zip) => { require("node:fs").writeFileSync(zipFile, zip); return "arn:aws:lambda:eu-west-1:123456789012:layer:cache:1"; },
  remove: async () => undefined,
};
compileCacheHandler(publisher, { layerRoot })({ RequestType: "Create", ResourceProperties: { CacheDirectory: ${JSON.stringify(COMPILE_CACHE_DIRECTORY)} } })
  .then((answer) => console.log(JSON.stringify(answer)), (error) => { console.error(error); process.exitCode = 1; });
`;

/** Loads the ORM layer's main package and the tracer from `modules`, with Node.js reporting what its compile cache did. */
const LOAD_LAYER = `
const modules = process.argv[1];
const orm = require(modules + "/@bookstore/orm");
require(modules + "/@aws-lambda-powertools/tracer");
if (typeof orm.getDataSource !== "function") throw new Error("the layer's exports are missing");
`;

// Lambda starts Node.js with options sized from each function's memory; the
// builder's and an API function's may differ, and the cache must still fit.
const BUILDER_OPTIONS = lambdaNodeOptions(512);
const FUNCTION_OPTIONS = lambdaNodeOptions(1769);

const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

describe("the ORM layer's compile cache", () => {
  const node = lambdaNode();
  let opt: string;

  beforeAll(() => {
    if (Number(node.version.split(".")[0]) < 22) throw new Error(`Lambda's Node.js could not be installed (on ${node.version}, which has no compile cache)`);
    const work = mkdtempSync(join(tmpdir(), "orm-compile-cache-test-"));
    opt = join(work, "opt");
    cpSync(join(layerDir(), "nodejs"), join(opt, "nodejs"), { recursive: true });
    const zipFile = join(work, "published.zip");
    const answer = execFileSync(node.path, [...BUILDER_OPTIONS, "-e", PUBLISH_TO_FILE, builderBundle(), opt, zipFile], { encoding: "utf8" });
    expect(JSON.parse(answer)).toEqual({ PhysicalResourceId: expect.stringMatching(/:layer:cache:1$/), Data: { LayerVersionArn: expect.any(String) } });
    for (const [name, content] of Object.entries(unzipSync(new Uint8Array(readFileSync(zipFile))))) {
      mkdirSync(dirname(join(opt, name)), { recursive: true });
      writeFileSync(join(opt, name), content);
    }
  }, 120_000);

  afterAll(() => {
    if (opt) rmSync(dirname(opt), { recursive: true, force: true });
  });

  /** Loads the layer from /opt's stand-in; what Node.js's compile cache reported on the way. */
  const loadLayer = (execArgv: string[] = FUNCTION_OPTIONS): string => {
    const run = spawnSync(node.path, [...execArgv, "-e", LOAD_LAYER, join(opt, "nodejs", "node_modules")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, NODE_DEBUG_NATIVE: "COMPILE_CACHE" },
    });
    if (run.status !== 0) throw new Error(`loading the layer failed: ${run.stderr}`);
    return run.stderr;
  };

  it("is published as the content of /opt/compile-cache, one folder for the runtime it was made on", () => {
    const [runtimeFolder, ...others] = readdirSync(join(opt, COMPILE_CACHE_DIRECTORY));
    expect(others).toEqual([]);
    expect(runtimeFolder).toMatch(new RegExp(`^v${node.version.replace(/\./g, "\\.")}-${process.arch}-`));
  });

  it("holds the files the layer loads, which then come from it (with another memory size than the builder's), and loading writes nothing to it", () => {
    const before = filesUnder(join(opt, COMPILE_CACHE_DIRECTORY));
    const report = loadLayer();
    for (const file of ["@bookstore/orm/index.js", "@aws-lambda-powertools/tracer/index.js"]) {
      expect(report).toMatch(new RegExp(`V8 code cache for CommonJS \\S*/nodejs/node_modules/${file.replace(/[./]/g, "\\$&")} was accepted`));
    }
    expect(report).not.toMatch(/was (rejected|not initialized)/);
    expect(filesUnder(join(opt, COMPILE_CACHE_DIRECTORY))).toEqual(before);
  });

  it("holds more than each file's top level: the query path the builder ran against its stand-in PostgreSQL was compiled into it", () => {
    // The main file's cache against one made from loading alone (its top level and eager functions).
    const loadedOnly = join(dirname(opt), "loaded-only");
    execFileSync(node.path, [...BUILDER_OPTIONS, "-e", `require("node:module").enableCompileCache(process.argv[1]); require(process.argv[2]);`, loadedOnly, join(opt, "nodejs", "node_modules", "@bookstore", "orm", "index.js")]);
    // One file, named for the main file's path, in the one runtime's folder: the same name in the published cache.
    const [mainFileCache] = filesUnder(loadedOnly).filter((path) => statSync(join(loadedOnly, path)).isFile());
    const sizeIn = (dir: string) => statSync(join(dir, mainFileCache as string)).size;
    // ≈2× with the queries run (connecting, the protocol, hydration); ≈1.6× with their SQL built and never sent.
    expect(sizeIn(join(opt, COMPILE_CACHE_DIRECTORY))).toBeGreaterThan(1.8 * sizeIn(loadedOnly));
  });

  it("made for other V8 flags (another runtime version alike), is ignored and the layer loads as without it", () => {
    expect(loadLayer(FUNCTION_OPTIONS.filter((option) => option !== "--expose-gc"))).not.toMatch(/was accepted/);
  });
});

describe("the compile cache's custom resource", () => {
  const cacheOf = (context: Record<string, unknown>) => {
    const resources = Object.values(synthesizeApp(context).schema.findResources("Custom::OrmCompileCache")) as Array<{ Properties: Record<string, unknown> }>;
    expect(resources).toHaveLength(1);
    return resources[0]?.Properties ?? {};
  };

  it("is made again for each ORM layer version, and for a new -c compileCacheBuild label", () => {
    const plain = cacheOf({});
    expect(plain).toMatchObject({ OrmLayerVersionArn: { Ref: expect.stringMatching(/^OrmLayer/) }, CacheDirectory: COMPILE_CACHE_DIRECTORY, CompatibleRuntime: "nodejs24.x", CompatibleArchitecture: "arm64" });
    expect(plain).not.toHaveProperty("Build");
    expect(cacheOf({ compileCacheBuild: "after-runtime-update" })).toEqual({ ...plain, Build: "after-runtime-update" });
  });
});
