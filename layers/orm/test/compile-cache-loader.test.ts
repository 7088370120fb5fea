import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FUNCTION_BUNDLE_FILE, LOADING_V8_FLAGS, putBundleBehindLoader, SERVING_V8_FLAGS } from "../scripts/compile-cache-loader";
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
