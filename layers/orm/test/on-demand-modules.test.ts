import { decode } from "@jridgewell/sourcemap-codec";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LAZY_HELPER } from "../scripts/lazy-typeorm-modules";
import { ON_DEMAND_DIR, splitOnDemandModules, type OnDemandResult } from "../scripts/on-demand-modules";
import { bundleModules } from "./support/bundle-modules";

// An entry that requires one module eagerly and reaches three others only
// through a lazy module, as the layer reaches TypeORM's schema builder: the
// report, the formatter it requires at its top, and a module that reads the
// `arguments` its wrapper would take from outside (which must stay).
const MODULES: Record<string, string> = {
  "bookstore:lazy-module": LAZY_HELPER,
  "entry.js": [
    'const { __lazyModule } = require("bookstore:lazy-module");',
    'const eager = require("./eager.js");',
    'const report = __lazyModule(() => require("./report.js"), ["describe"]);',
    'const args = __lazyModule(() => require("./arguments.js"), ["seen"]);',
    'module.exports = { tag: "entry-marker", eager: eager.value, describe: (x) => report.describe(x), args: () => args.seen };',
  ].join("\n"),
  "eager.js": "exports.value = 1;",
  "report.js": [
    'const format = require("./format.js");',
    'const path = require("node:path");',
    'exports.describe = (x) => `${format.wrap(x)}:${path.basename("/a/b.txt")}:${typeof __filename}`;',
  ].join("\n"),
  "format.js": 'globalThis.formatEvaluated = (globalThis.formatEvaluated ?? 0) + 1;\nexports.wrap = (x) => "format-marker[" + x + "]";',
  "arguments.js": "module.exports = { seen: typeof arguments };",
};

const bundled = () => bundleModules(MODULES);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function written(result: OnDemandResult | { code: string; map?: string; files: [] }): string {
  const dir = mkdtempSync(join(tmpdir(), "on-demand-"));
  dirs.push(dir);
  writeFileSync(join(dir, "out.js"), result.code);
  if (result.map) writeFileSync(join(dir, "out.js.map"), result.map);
  mkdirSync(join(dir, ON_DEMAND_DIR));
  for (const file of result.files) {
    writeFileSync(join(dir, ON_DEMAND_DIR, file.name), file.code);
    if (file.map) writeFileSync(join(dir, ON_DEMAND_DIR, `${file.name}.map`), file.map);
  }
  return dir;
}

/** Loads the bundle in a fresh Node.js process: what it answers, and what it had evaluated and opened by then. */
function runIn(dir: string): Record<string, unknown> {
  const script = `
    const opened = () => Object.keys(require.cache).filter((file) => file.includes("/${ON_DEMAND_DIR}/")).length;
    const bundle = require(${JSON.stringify(join(dir, "out.js"))});
    const afterLoad = { formatEvaluated: globalThis.formatEvaluated ?? 0, opened: opened() };
    const answers = { tag: bundle.tag, eager: bundle.eager, described: bundle.describe("x"), again: bundle.describe("y"), args: bundle.args() };
    console.log(JSON.stringify({ afterLoad, answers, formatEvaluated: globalThis.formatEvaluated, opened: opened() }));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as Record<string, unknown>;
}

/** Where the code at `text` in a file comes from, by the map beside it. */
function originOf(dir: string, file: string, text: string): string | undefined {
  const code = require("node:fs").readFileSync(join(dir, file), "utf8") as string;
  const at = code.indexOf(text);
  const line = code.slice(0, at).split("\n").length - 1;
  const column = at - (code.lastIndexOf("\n", at) + 1);
  const map = new SourceMap(JSON.parse(require("node:fs").readFileSync(join(dir, `${file}.map`), "utf8")));
  return (map.findEntry(line, column) as { originalSource?: string }).originalSource;
}

describe("the layer build's on-demand modules", () => {
  test("what loading never evaluates moves to files of its own, loaded on first use, and the bundle answers the same", async () => {
    const { code, map } = await bundled();
    const split = splitOnDemandModules(code, map);
    // report.js and format.js; arguments.js reads its wrapper's outer `arguments` and stays.
    expect(split.files.map((file) => file.name)).toEqual(["0.js", "1.js"]);
    expect(split.code).not.toContain("format-marker");
    expect(split.files.some((file) => file.code.includes("format-marker"))).toBe(true);

    const before = runIn(written({ code, map, files: [] }));
    const after = runIn(written(split));
    expect(after.answers).toEqual(before.answers);
    expect(after.answers).toEqual({ tag: "entry-marker", eager: 1, described: "format-marker[x]:b.txt:string", again: "format-marker[y]:b.txt:string", args: expect.any(String) });
    expect(after).toMatchObject({ afterLoad: { formatEvaluated: 0, opened: 0 }, formatEvaluated: 1, opened: 2 });
  });

  test("each source map still leads to the sources: the main file's to the entry, a moved module's to its own", async () => {
    const { code, map } = await bundled();
    const dir = written(splitOnDemandModules(code, map));
    expect(originOf(dir, "out.js", '"entry-marker"')).toMatch(/entry\.js$/);
    const formatFile = splitOnDemandModules(code, map).files.find((file) => file.code.includes("format-marker"))?.name as string;
    expect(originOf(dir, join(ON_DEMAND_DIR, formatFile), '"format-marker["')).toMatch(/format\.js$/);
    expect(originOf(dir, join(ON_DEMAND_DIR, formatFile), "globalThis.formatEvaluated")).toMatch(/format\.js$/);
  });

  test("every source map segment, moved or kept, still sits on the character it sat on", async () => {
    const { code, map } = await bundled();
    const split = splitOnDemandModules(code, map);
    // The character each original position's segments sat on.
    const contexts = (text: string, mapText: string) => {
      const parsed = JSON.parse(mapText) as { sources: string[]; mappings: string };
      const lines = text.split("\n");
      return decode(parsed.mappings).flatMap((segments, line) =>
        segments.filter((segment) => segment.length >= 4).map(([column, source, originalLine, originalColumn]) => ({
          origin: `${parsed.sources[source as number]}:${originalLine}:${originalColumn}`,
          text: (lines[line] as string)[column] as string,
        })),
      );
    };
    const before = new Map<string, Set<string>>();
    for (const { origin, text } of contexts(code, map)) before.set(origin, (before.get(origin) ?? new Set()).add(text));
    const after = [contexts(split.code, split.map as string), ...split.files.map((file) => contexts(file.code, file.map as string).slice(1))].flat();
    expect(after.length).toBeGreaterThan(20);
    expect(after.filter(({ origin, text }) => !before.get(origin)?.has(text))).toEqual([]);
  });

  test("a second pass finds nothing left to move", async () => {
    const { code, map } = await bundled();
    const split = splitOnDemandModules(code, map);
    expect(splitOnDemandModules(split.code, split.map).files).toEqual([]);
  });
});
