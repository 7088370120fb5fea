import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { megamorphicSites } from "../src/megamorphic-sites";

// One property read meets six object shapes, another always the same one.
const SOURCE = `function readX(o: { x: number }): number {
  return o.x;
}
function readY(o: { y: number }): number {
  return o.y;
}
const shapes = [{ x: 1 }, { a: 1, x: 2 }, { b: 1, x: 3 }, { c: 1, x: 4 }, { d: 1, x: 5 }, { e: 1, x: 6 }];
let total = 0;
for (let i = 0; i < 1000; i += 1) total += readX(shapes[i % shapes.length] as { x: number }) + readY({ y: i });
if (total < 0) console.log(total);
`;
const LINE_OF = (text: string) => SOURCE.split("\n").findIndex((line) => line.includes(text)) + 1;

describe("bench:profile --megamorphic: the property accesses V8 left megamorphic, from its IC log", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "megamorphic-sites-"));
    writeFileSync(join(dir, "shapes.ts"), SOURCE);
    await build({ entryPoints: [join(dir, "shapes.ts")], outfile: join(dir, "built", "shapes.js"), bundle: true, minify: true, sourcemap: "linked", platform: "node", logLevel: "error" });
    execFileSync(process.execPath, ["--log-ic", `--logfile=${join(dir, "ic.log")}`, "--no-logfile-per-isolate", join(dir, "built", "shapes.js")]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("lists the read that met six shapes, at its line in the original source, and not the one that met one", () => {
    const sites = megamorphicSites(join(dir, "ic.log"), join(dir, "built"));
    expect(sites).toEqual([{ at: expect.stringMatching(new RegExp(`shapes\\.ts:${LINE_OF("return o.x")}$`)), access: "LoadIC", property: "x" }]);
  });

  test("leaves out code outside the files it is asked about", () => {
    expect(megamorphicSites(join(dir, "ic.log"), join(dir, "elsewhere"))).toEqual([]);
  });
});
