import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FUNCTION_BUNDLE_FILE, LOADER_FILE, LOADING_V8_FLAGS, putBundleBehindLoader, SERVING_V8_FLAGS, writeCompileCacheLoader } from "../scripts/compile-cache-loader";
import { LAMBDA_LAYOUT } from "../scripts/layer-packages";

const BUNDLE = 'exports.handler = async () => "answered";\n//# sourceMappingURL=index.js.map\n';

describe("a function's bundle behind the compile cache's loader", () => {
  let root: string;
  let task: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "compile-cache-loader-test-"));
    task = join(root, LAMBDA_LAYOUT.task);
    mkdirSync(task, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Loads index.js as Lambda's runtime would, in a process of its own; the handler's answer. */
  const loadIndex = (): string =>
    execFileSync(process.execPath, ["-e", "require(process.argv[1]).handler().then((answer) => process.stdout.write(answer))", join(task, "index.js")], { encoding: "utf8" });

  it("moves the bundle and its source map to function.js, pointing the map's comment at its new name", () => {
    writeFileSync(join(task, "index.js"), BUNDLE);
    writeFileSync(join(task, "index.js.map"), "{}");
    putBundleBehindLoader(task);
    expect(readdirSync(task).sort()).toEqual([FUNCTION_BUNDLE_FILE, `${FUNCTION_BUNDLE_FILE}.map`, "index.js"]);
    expect(readFileSync(join(task, FUNCTION_BUNDLE_FILE), "utf8")).toBe(`exports.handler = async () => "answered";\n//# sourceMappingURL=${FUNCTION_BUNDLE_FILE}.map\n`);
  });

  it("refuses a bundle whose map is not named at its end, rather than ship a map nothing points at", () => {
    writeFileSync(join(task, "index.js"), 'exports.handler = async () => "answered";\n');
    writeFileSync(join(task, "index.js.map"), "{}");
    expect(() => putBundleBehindLoader(task)).toThrow(/does not end with its source map's comment/);
  });

  // That it switches the cache on at /opt/compile-cache, on Lambda's Node.js: test/infra/compile-caches.test.ts.
  it("loads the bundle as index.js did", () => {
    writeFileSync(join(task, "index.js"), BUNDLE);
    putBundleBehindLoader(task);
    expect(loadIndex()).toBe("answered");
  });

  it("loads the bundle under the loading flags and sets the serving flags once, as the first request starts", () => {
    const bundle = `globalThis.steps.push("bundle loaded");
exports.handler = async (event) => {
  globalThis.steps.push("handler " + event.id);
  return event.id;
};
`;
    writeFileSync(join(task, "index.js"), bundle);
    putBundleBehindLoader(task);
    const script = `
globalThis.steps = [];
require("node:v8").setFlagsFromString = (flags) => globalThis.steps.push("flags " + flags);
const loader = require(process.argv[1]);
(async () => {
  await loader.handler({ id: "a" });
  await loader.handler({ id: "b" });
  console.log(JSON.stringify(globalThis.steps));
})();
`;
    const steps = JSON.parse(execFileSync(process.execPath, ["-e", script, join(task, "index.js")], { encoding: "utf8" })) as string[];
    expect(steps).toEqual([`flags ${LOADING_V8_FLAGS}`, "bundle loaded", `flags ${SERVING_V8_FLAGS}`, "handler a", "handler b"]);
  });

  it("hands each call to the bundle's handler with its event and context, its answers and failures as they are, and keeps the bundle's other exports", () => {
    const bundle = `let calls = 0;
exports.version = "7";
exports.handler = async (event, context) => {
  calls += 1;
  if (calls === 1) throw new Error("first fails: " + event.id);
  return event.id + "/" + context.awsRequestId;
};
//# sourceMappingURL=index.js.map
`;
    writeFileSync(join(task, "index.js"), bundle);
    writeFileSync(join(task, "index.js.map"), "{}");
    putBundleBehindLoader(task);
    const script = `
const loader = require(process.argv[1]);
process.on("unhandledRejection", (reason) => { console.log("unhandled: " + reason); });
(async () => {
  const answers = [loader.version];
  await loader.handler({ id: "a" }, { awsRequestId: "r1" }).catch((error) => answers.push(error.message));
  answers.push(await loader.handler({ id: "b" }, { awsRequestId: "r2" }));
  answers.push(await loader.handler({ id: "c" }, { awsRequestId: "r3" }));
  await new Promise((resolve) => setImmediate(resolve));
  console.log(answers.join(" | "));
})();
`;
    expect(execFileSync(process.execPath, ["-e", script, join(task, "index.js")], { encoding: "utf8" }).trim()).toBe("7 | first fails: a | b/r2 | c/r3");
  });
});

describe("a layer package's loader", () => {
  let layerRoot: string;
  let packageDir: string;

  beforeEach(() => {
    layerRoot = mkdtempSync(join(tmpdir(), "package-loader-test-"));
    packageDir = join(layerRoot, "nodejs", "node_modules", "@scope", "package");
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(join(packageDir, "package.json"), JSON.stringify({ name: "@scope/package", main: LOADER_FILE }));
    writeCompileCacheLoader(packageDir, "@scope/package", layerRoot);
  });
  afterEach(() => rmSync(layerRoot, { recursive: true, force: true }));

  /** Runs `script` in a process of its own with the package's folder as its argument; what it printed. */
  const run = (script: string): string => execFileSync(process.execPath, ["-e", script, packageDir], { encoding: "utf8" }).trim();

  it("loads the package's file as a CommonJS module of its folder: its exports, require from its folder, __filename, __dirname and this, one module however it is reached", () => {
    writeFileSync(join(packageDir, "helper.js"), "module.exports = 'helped';\n");
    writeFileSync(
      join(packageDir, "index.js"),
      "exports.helper = require('./helper');\nexports.self = [__filename, __dirname, this === exports, module.id === __filename];\nexports.loads = (globalThis.loads = (globalThis.loads ?? 0) + 1);\n",
    );
    const script = `
const dir = process.argv[1];
const viaLoader = require(dir);
const direct = require(dir + "/index.js");
console.log(JSON.stringify({ helper: viaLoader.helper, self: viaLoader.self, same: viaLoader === direct, loads: globalThis.loads }));
`;
    expect(JSON.parse(run(script))).toEqual({ helper: "helped", self: [join(packageDir, "index.js"), packageDir, true, true], same: true, loads: 1 });
  });

  it("keeps the file's positions in stack traces (its line and column)", () => {
    writeFileSync(join(packageDir, "index.js"), "exports.fail = () => {\n  throw new Error('here');\n};\n");
    const script = "try { require(process.argv[1]).fail(); } catch (error) { console.log(error.stack.split('\\n')[1]); }";
    expect(run(script)).toContain(`${join(packageDir, "index.js")}:2:9`);
  });

  it("with source maps on (--enable-source-maps), leaves the file to Node.js, whose stack traces then name its sources", () => {
    writeFileSync(join(packageDir, "index.js"), "exports.fail = () => {\n  throw new Error('here');\n};\n//# sourceMappingURL=index.js.map\n");
    writeFileSync(join(packageDir, "index.js.map"), JSON.stringify({ version: 3, file: "index.js", sources: ["source.ts"], names: [], mappings: "AAAA;AACA;AACA" }));
    const script = "try { require(process.argv[1]).fail(); } catch (error) { console.log(error.stack.split('\\n')[1]); }";
    const frame = execFileSync(process.execPath, ["--enable-source-maps", "-e", script, packageDir], { encoding: "utf8" });
    expect(frame).toContain(`${join(packageDir, "source.ts")}:2:`);
  });

  it("a file whose top level throws: the error as it is, and a later require (of the package or of the file) runs the file again", () => {
    writeFileSync(join(packageDir, "index.js"), "globalThis.tries = (globalThis.tries ?? 0) + 1;\nif (globalThis.tries === 1) throw new Error('first load fails');\nexports.tries = globalThis.tries;\n");
    const script = `
let first;
try { require(process.argv[1]); } catch (error) { first = error.message; }
console.log(first + " | " + require(process.argv[1] + "/index.js").tries);
`;
    expect(run(script)).toBe("first load fails | 2");
  });
});
