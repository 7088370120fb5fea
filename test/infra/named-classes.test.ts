import { spawnSync } from "node:child_process";
import { lambdaNode } from "@bookstore/test-harness";
import { staticFunctionNames } from "../../layers/orm/scripts/static-function-names";
import { bundleModules } from "../../layers/orm/test/support/bundle-modules";
import { tiersCompiled } from "../support/v8-tiers";

/**
 * Why the build names classes where they are written
 * (layers/orm/scripts/static-function-names.ts), on Lambda's Node.js: a
 * subclass that esbuild's keepNames names in a static block, as pg's Query
 * and TypeORM's query builders were, is never optimized; named in its own
 * code, it is.
 */
const MODULES = {
  "entry.js": [
    'const { EventEmitter } = require("node:events");',
    "class Query extends EventEmitter {",
    "  constructor(text) { super(); this.text = text; }",
    "}",
    "let length = 0;",
    'for (let i = 0; i < 200000; i += 1) length += new Query("q" + (i % 8)).text.length;',
    "console.error(length);",
  ].join("\n"),
};

/** What V8's --trace-opt says of compiling `code` (run as a script on Lambda's Node.js): each tier a compile of `Query` completed in, and how many compiles were dropped. */
function compilesOf(code: string): { queryTiers: string[]; dropped: number } {
  const run = spawnSync(lambdaNode().path, ["--trace-opt", "-e", code], { encoding: "utf8" });
  if (run.status !== 0 || run.stderr.trim() !== "400000") throw new Error(`the script failed: ${run.stderr}`);
  return {
    queryTiers: tiersCompiled(run.stdout, "Query"),
    dropped: run.stdout.split("because: Bailed out due to dependency change").length - 1,
  };
}

test("a subclass named in a static block is never optimized by V8 (every compile dropped); named where it is written, it is", async () => {
  const { code } = await bundleModules(MODULES);
  const before = compilesOf(code);
  expect(before.queryTiers).toEqual([]);
  expect(before.dropped).toBeGreaterThan(0);
  const after = compilesOf(staticFunctionNames(code).code);
  expect(after.queryTiers).toContain("MAGLEV");
  expect(after.dropped).toBe(0);
});
