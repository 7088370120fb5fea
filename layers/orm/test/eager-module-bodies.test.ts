import { decode } from "@jridgewell/sourcemap-codec";
import { runInNewContext } from "node:vm";
import { eagerModuleBodies } from "../scripts/eager-module-bodies";
import { bundleModules } from "./support/bundle-modules";

// CommonJS modules behind an entry (which esbuild leaves unwrapped): one
// whose wrapper has a single parameter, one that reads `arguments` (which
// an arrow takes from outside), one that requires both.
const MODULES: Record<string, string> = {
  "counter.js": "let count = 0;\nexports.next = () => ++count;",
  "arguments.js": "module.exports = { seen: typeof arguments };",
  "describe.js": [
    "const counter = require('./counter.js');",
    "const args = require('./arguments.js');",
    "function describe(value) {\n  return `${value}:${counter.next()}`;\n}",
    "module.exports = { first: describe('a'), second: describe('b'), args: args.seen };",
  ].join("\n"),
  "entry.js": "module.exports = require('./describe.js');",
};

const bundled = () => bundleModules(MODULES);

function run(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  runInNewContext(code, { module, exports: module.exports, require });
  return module.exports;
}

describe("the layer build's eager module wrappers", () => {
  test("each module wrapper of a minified esbuild bundle becomes a parenthesized function, and the bundle answers the same", async () => {
    const { code } = await bundled();
    const eager = eagerModuleBodies(code);
    // counter.js and describe.js; arguments.js reads the arrow's outer `arguments` and is left alone.
    expect(eager.wrappers).toBe(2);
    expect(eager.code.match(/\(function\(/g)).toHaveLength(2);
    expect(eager.code).toMatch(/\(function\(\w+\)\{var \w+=0;/);
    expect(eager.code).toMatch(/\(function\(\w+,\w+\)\{/);
    expect(run(eager.code)).toEqual(run(code));
    expect(run(eager.code)).toEqual({ first: "a:1", second: "b:2", args: expect.any(String) });
  });

  test("a second pass finds nothing left to mark", async () => {
    const { code } = await bundled();
    expect(eagerModuleBodies(eagerModuleBodies(code).code).wrappers).toBe(0);
  });

  test("every source map segment still points at the character it pointed at", async () => {
    const { code, map } = await bundled();
    const eager = eagerModuleBodies(code, map);
    const before = decode(JSON.parse(map).mappings);
    const after = decode(JSON.parse(eager.map as string).mappings);
    const lines = (text: string) => text.split("\n");
    const [oldLines, newLines] = [lines(code), lines(eager.code)];
    expect(after.map((segments) => segments.length)).toEqual(before.map((segments) => segments.length));
    let compared = 0;
    before.forEach((segments, line) =>
      segments.forEach((segment, index) => {
        const moved = after[line]?.[index] as number[];
        expect(moved.slice(1)).toEqual(segment.slice(1));
        expect(newLines[line]?.[moved[0] as number]).toBe(oldLines[line]?.[segment[0]]);
        compared++;
      }),
    );
    expect(compared).toBeGreaterThan(20);
    // The edits did move segments: the check above compared shifted columns.
    expect(after.flat().filter((segment, i) => segment[0] !== before.flat()[i]?.[0]).length).toBeGreaterThan(5);
  });

  test("a module that reads `this`, `arguments`, `new.target` or `super` outside a function of its own stays an arrow", () => {
    const helper = "var m=(a,e)=>()=>(e||a((e={exports:{}}).exports,e),e.exports);";
    const wrapped = (body: string) => eagerModuleBodies(`${helper}var x=m((a,e)=>{${body}});`).wrappers;
    expect(wrapped("e.exports=this")).toBe(0);
    expect(wrapped("e.exports=arguments.length")).toBe(0);
    expect(wrapped("e.exports=()=>this")).toBe(0);
    expect(wrapped("e.exports=class{[this.k]=1}")).toBe(0);
    expect(wrapped("e.exports=function(){return this}")).toBe(1);
    expect(wrapped("e.exports=class{k=this;m(){return arguments}static{this.s=1}}")).toBe(1);
  });
});
