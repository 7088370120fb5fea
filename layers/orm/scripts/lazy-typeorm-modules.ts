import type { Plugin } from "esbuild";
import { readFile } from "node:fs/promises";

// TypeORM's own modules require each other at their top; most of what they
// require is used only inside functions, many of them never on a request
// (the schema builder, the migration executor, Mongo, trees, caching).
// Each such require becomes an object whose properties load the module
// when first read and then hold its exports: a module nothing reads is
// never evaluated (nor compiled).
const LAZY_REQUIRE = /^const (\w+_1) = require\("(\.{1,2}\/[^"]+)"\);$/gm;
const LAZY_HELPER_MODULE = "bookstore:lazy-module";
export const LAZY_HELPER = `exports.__lazyModule = function __lazyModule(load, names) {
  const lazy = {};
  let loaded;
  for (const name of names) {
    Object.defineProperty(lazy, name, {
      configurable: true,
      enumerable: true,
      get() {
        loaded ??= load();
        const value = loaded[name];
        if (value !== undefined) Object.defineProperty(lazy, name, { value, configurable: true, enumerable: true });
        return value;
      },
    });
  }
  return lazy;
};
`;

export function lazyRequires(source: string): string {
  let changed = false;
  const result = source.replace(LAZY_REQUIRE, (statement, binding: string, path: string) => {
    const uses = [...source.matchAll(new RegExp(`\\b${binding}\\b(\\.(\\w+))?`, "g"))].slice(1);
    // Only where every use reads a named export: the binding itself never escapes.
    if (uses.length === 0 || uses.some((use) => !use[2])) return statement;
    changed = true;
    const names = [...new Set(uses.map((use) => use[2] as string))];
    return `const ${binding} = __lazyModule(() => require(${JSON.stringify(path)}), ${JSON.stringify(names)});`;
  });
  return changed ? `const { __lazyModule } = require(${JSON.stringify(LAZY_HELPER_MODULE)});\n${result}` : source;
}

export const lazyTypeormModules: Plugin = {
  name: "lazy-typeorm-modules",
  setup(bundle) {
    bundle.onResolve({ filter: /^bookstore:lazy-module$/ }, (args) => ({ path: args.path, namespace: "lazy-module" }));
    bundle.onLoad({ filter: /.*/, namespace: "lazy-module" }, () => ({ contents: LAZY_HELPER, loader: "js" }));
    bundle.onLoad({ filter: /[\\/]node_modules[\\/]typeorm[\\/].*\.js$/ }, async (args) => ({
      contents: lazyRequires(await readFile(args.path, "utf8")),
      loader: "js",
    }));
  },
};
