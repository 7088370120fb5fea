import { LAZY_HELPER, lazyRequires } from "../scripts/lazy-typeorm-modules";

describe("the layer build's lazy TypeORM requires", () => {
  test("a require whose binding only ever reads named exports becomes a lazy module of those names", () => {
    const source = [
      '"use strict";',
      'const A_1 = require("./a");',
      'const B_1 = require("../b");',
      'const C_1 = require("./c");',
      "function f() { return (0, A_1.run)() + A_1.other; }",
      "exports.g = () => new B_1.Thing();",
      "module.exports.h = C_1;",
    ].join("\n");
    const out = lazyRequires(source);
    expect(out).toContain('const A_1 = __lazyModule(() => require("./a"), ["run","other"]);');
    expect(out).toContain('const B_1 = __lazyModule(() => require("../b"), ["Thing"]);');
    // C_1 escapes whole: left as it was.
    expect(out).toContain('const C_1 = require("./c");');
    expect(out.split("\n")[0]).toBe('const { __lazyModule } = require("bookstore:lazy-module");');
  });

  test("a file without such requires is left as it was", () => {
    const source = 'const x = require("pg");\nmodule.exports = x;';
    expect(lazyRequires(source)).toBe(source);
  });

  test("a lazy module loads on the first read of any name, once, and then holds plain values", () => {
    const exports: { __lazyModule?: (load: () => Record<string, unknown>, names: string[]) => Record<string, unknown> } = {};
    new Function("exports", LAZY_HELPER)(exports);
    let loads = 0;
    const target: Record<string, unknown> = {};
    const lazy = exports.__lazyModule?.(() => {
      loads += 1;
      return target;
    }, ["a", "b"]) as Record<string, unknown>;
    expect(loads).toBe(0);
    // A name not yet set (a module still being evaluated, in a cycle) is read again next time.
    expect(lazy.a).toBeUndefined();
    target.a = 1;
    target.b = 2;
    expect([lazy.a, lazy.b]).toEqual([1, 2]);
    expect(loads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(lazy, "a")).toMatchObject({ value: 1 });
  });
});
