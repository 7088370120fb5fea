import { decode } from "@jridgewell/sourcemap-codec";
import { runInNewContext } from "node:vm";
import { staticFunctionNames } from "../scripts/static-function-names";
import { bundleModules } from "./support/bundle-modules";

// Modules whose functions minification renames: closures made on every call
// (an arrow that reads `this`, a function expression, an async arrow), a
// class, a subclass that reads its own name, a named function expression,
// and what each answers about itself.
const MODULES: Record<string, string> = {
  "entry.js": [
    "class Counter {",
    "  constructor() { this.count = 0; }",
    "  increment() { const addOne = () => ++this.count; return addOne; }",
    "}",
    "class Tally extends Counter {",
    "  constructor(step) { super(); this.step = step; }",
    "  static of(step) { return new Tally(step); }",
    "}",
    "function makeGreeter(greeting) { const greet = function (name) { return `${greeting}, ${name}`; }; return greet; }",
    "function makeLoader() { const loadLater = async (value) => value * 2; return loadLater; }",
    "const recurse = function countDown(n) { return n === 0 ? 'done' : countDown(n - 1); };",
    "module.exports = { Counter, Tally, makeGreeter, makeLoader, recurse };",
  ].join("\n"),
};

interface Exports {
  Counter: new () => { count: number; increment(): () => number };
  Tally: { of(step: number): { count: number; step: number }; new (step: number): { count: number; step: number } };
  makeGreeter(greeting: string): (name: string) => string;
  makeLoader(): (value: number) => Promise<number>;
  recurse: (n: number) => string;
}

/** Runs a bundle in a context of its own, counting what redefines a function's `name` after loading, and naming the classes renamed so while loading. */
function run(code: string): { exports: Exports; namesRedefined: () => number; classesRenamedAtLoad: string[] } {
  const module = { exports: {} as Exports };
  const sandbox = { module, exports: module.exports, require, Object: { ...Object } as ObjectConstructor, redefined: 0 };
  const classesRenamedAtLoad: string[] = [];
  let loaded = false;
  sandbox.Object.defineProperty = ((target: object, key: PropertyKey, descriptor: PropertyDescriptor) => {
    if (loaded && key === "name") sandbox.redefined++;
    if (!loaded && key === "name" && /^class\b/.test(Function.prototype.toString.call(target))) classesRenamedAtLoad.push(String(descriptor.value));
    return Object.defineProperty(target, key, descriptor);
  }) as ObjectConstructor["defineProperty"];
  runInNewContext(code, sandbox);
  loaded = true;
  return { exports: module.exports, namesRedefined: () => sandbox.redefined, classesRenamedAtLoad };
}

/** What the bundle's functions answer, and the names and `name` descriptors of the closures it makes. */
async function describe_(exports: Exports) {
  const counter = new exports.Counter();
  const addOne = counter.increment();
  const greet = exports.makeGreeter("hello");
  const loadLater = exports.makeLoader();
  const tally = exports.Tally.of(3);
  const descriptor = ({ value: _value, ...attributes }: PropertyDescriptor) => attributes;
  return {
    answers: [addOne(), addOne(), greet("reader"), await loadLater(21), exports.recurse(3), [tally.count, tally.step, tally instanceof exports.Counter]],
    names: [exports.Counter.name, exports.Tally.name, addOne.name, greet.name, loadLater.name, exports.recurse.name],
    descriptors: [exports.Counter, exports.Tally, addOne, greet, loadLater].map((fn) => descriptor(Object.getOwnPropertyDescriptor(fn, "name") as PropertyDescriptor)),
  };
}

describe("the build's step naming functions where they are written", () => {
  test("closures and classes keep the names minification took, answer the same, and are named without redefining `name`", async () => {
    const { code } = await bundleModules(MODULES);
    const named = staticFunctionNames(code);
    // addOne, greet, loadLater, Counter and Tally (whose minified inner name becomes Tally); the named function expression keeps the helper.
    expect(named.named).toBe(5);
    expect(named.code).toMatch(/class Tally extends \w+\{constructor/);
    const before = run(code);
    const after = run(named.code);
    const described = await describe_(after.exports);
    expect(described).toEqual(await describe_(before.exports));
    expect(described.names).toEqual(["Counter", "Tally", "addOne", "greet", "loadLater", "countDown"]);
    expect(described.descriptors).toEqual(Array(5).fill({ writable: false, enumerable: false, configurable: true }));
    expect(before.namesRedefined()).toBeGreaterThanOrEqual(3);
    expect(after.namesRedefined()).toBe(0);
    expect(before.classesRenamedAtLoad.sort()).toEqual(["Counter", "Tally"]);
    expect(after.classesRenamedAtLoad).toEqual([]);
  });

  test("a second pass finds nothing left to name", async () => {
    const { code } = await bundleModules(MODULES);
    expect(staticFunctionNames(staticFunctionNames(code).code).named).toBe(0);
  });

  test("every source map segment still points at the character it pointed at, or where its replaced text was", async () => {
    const { code, map } = await bundleModules(MODULES);
    const named = staticFunctionNames(code, map);
    const before = decode(JSON.parse(map).mappings);
    const after = decode(JSON.parse(named.map as string).mappings);
    const [oldLines, newLines] = [code.split("\n"), named.code.split("\n")];
    const namingBlocks = oldLines.map((text) => [...text.matchAll(/static\{\w+\(this,"\w+"\)\}/g)].map((match): [number, number] => [match.index, match.index + match[0].length]));
    let compared = 0;
    let moved = 0;
    let onReplaced = 0;
    before.forEach((segments, line) =>
      segments.forEach((segment, index) => {
        const shifted = after[line]?.[index] as number[];
        expect(shifted.slice(1)).toEqual(segment.slice(1));
        if (shifted[0] !== segment[0]) moved++;
        const [was, is] = [oldLines[line]?.slice(segment[0]) ?? "", newLines[line]?.slice(shifted[0]) ?? ""];
        // Where replaced text was: a helper's call, now an object literal; a class's naming block, gone; its inner name, now its name.
        const helperCall = /^\w+\(/.test(was) && is.startsWith('({"');
        const namingBlock = namingBlocks[line]?.some(([start, end]) => start <= (segment[0] as number) && (segment[0] as number) < end);
        const innerName = /^\w+/.exec(was)?.[0] !== /^\w+/.exec(is)?.[0] && /^(Counter|Tally)\b/.test(is);
        if (helperCall || namingBlock || innerName) {
          onReplaced++;
          return;
        }
        expect(newLines[line]?.[shifted[0] as number]).toBe(oldLines[line]?.[segment[0]]);
        compared++;
      }),
    );
    expect(compared).toBeGreaterThan(20);
    expect(moved).toBeGreaterThan(5);
    expect(onReplaced).toBeGreaterThan(0);
    expect(onReplaced).toBeLessThanOrEqual(3 * named.named);
  });

  test("leaves the helper where an object literal would read differently, and calls that are not esbuild's helper", () => {
    const helper = 'var u=(a,e)=>or(a,"name",{value:e,configurable:!0}),or=Object.defineProperty;';
    const named = (body: string) => staticFunctionNames(`${helper}${body}`).named;
    expect(named('var f=u(()=>1,"run");')).toBe(1);
    expect(named('var f=u(function(){return 1},"run");')).toBe(1);
    // A key `__proto__` sets the prototype; a named function keeps its own name; a class has its static block.
    expect(named('var f=u(()=>1,"__proto__");')).toBe(0);
    expect(named('var f=u(function g(){return 1},"run");')).toBe(0);
    expect(named('var f=u(class{},"Run");')).toBe(0);
    // A class named where it is written, its inner name with it; not where the name already means something in it,
    // nor in a class declaration (its name is the binding), nor where the block does more or spans lines.
    expect(staticFunctionNames(`${helper}var a=class extends B{static{u(this,"Run")}m(){}};`).code).toBe(`${helper}var a=class Run extends B{m(){}};`);
    expect(staticFunctionNames(`${helper}var i=1;var a=class i{static{u(this,"Run")}m(){return new i}},b=i;`).code).toBe(`${helper}var i=1;var a=class Run{m(){return new Run}},b=i;`);
    expect(named('var a=class{static{u(this,"Map")}m(){return new Map}};')).toBe(0);
    expect(named('var a=class extends Run{static{u(this,"Run")}};')).toBe(0);
    expect(named('var a=class{static{u(this,"Run")}m(){let Run=1;return Run}};')).toBe(0);
    expect(named('var a=class i{static{u(this,"Run")}m(){return{i}}};')).toBe(0);
    expect(named('class a{static{u(this,"Run")}}')).toBe(0);
    expect(named('var a=class{static{u(this,"Run");x()}};')).toBe(0);
    expect(named('var a=class{static{\nu(this,"Run")}};')).toBe(0);
    expect(named('var a=class{static{u(this,"default")}};')).toBe(0);
    expect(named('var a=class{static{u(this,"eval")}};')).toBe(0);
    // A parenthesis starting a line could continue the line before.
    expect(named('var a=1\nu(()=>1,"run");')).toBe(0);
    // Another function called u, inside a function, is not the helper.
    expect(named('function g(u){return u(()=>1,"run")}')).toBe(0);
    expect(staticFunctionNames('var u=(a,e)=>a;var f=u(()=>1,"run");').named).toBe(0);
  });
});
