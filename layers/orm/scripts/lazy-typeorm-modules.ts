import type { Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { patchedFiles } from "./patched-files";

// TypeORM's own modules require each other at their top, so loading its
// DataSource evaluates parts no request reaches: the schema builder, the
// migration executor (the migrator loads it when it runs), entity
// persistence (save/remove; the stores use the query builders), query
// caching, the loggers but the default one, tree and Mongo repositories, ~100 error classes
// that only matter once thrown, and the loading of entity or migration
// files from disk (with node:fs/promises and what it loads in turn: the
// layer is given its entities as classes). A require of one of those, where the
// binding only ever reads named exports, becomes an object whose
// properties load the module when first read and then hold its exports.
// What a request uses stays eager: evaluated while the layer loads, in
// Lambda's init phase, not in the first invocation.
const LAZY_REQUIRE = /^const (\w+_1) = require\("(\.{1,2}\/[^"]+)"\);$/gm;
const NOT_ON_A_REQUEST =
  /[\\/]typeorm[\\/](schema-builder|migration|persistence|cache|logger|error)([\\/]|$)|[\\/](Mongo\w+|Tree\w+|\w*Closure\w*|ImportUtils)$/;
// Among those, what every DataSource builds as it opens: its default logger
// and the metadata builder's closure-table helper.
const USED_AS_A_DATA_SOURCE_OPENS = /[\\/](LoggerFactory|AdvancedConsoleLogger|AbstractLogger|ClosureJunctionEntityMetadataBuilder)$/;
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

/** `source` (TypeORM's module at `file`) with its requires of what no request uses made lazy. */
export function lazyRequires(source: string, file: string): string {
  let helperDeclared = false;
  return source.replace(LAZY_REQUIRE, (statement, binding: string, path: string) => {
    const required = join(dirname(file), path);
    if (!NOT_ON_A_REQUEST.test(required) || USED_AS_A_DATA_SOURCE_OPENS.test(required)) return statement;
    const uses = [...source.matchAll(new RegExp(`\\b${binding}\\b(\\.(\\w+))?`, "g"))].slice(1);
    // Only where every use reads a named export: the binding itself never escapes.
    if (uses.length === 0 || uses.some((use) => !use[2])) return statement;
    const names = [...new Set(uses.map((use) => use[2] as string))];
    const lazy = `const ${binding} = __lazyModule(() => require(${JSON.stringify(path)}), ${JSON.stringify(names)});`;
    if (helperDeclared) return lazy;
    // On the first such line, not a line of its own: every line stays where
    // it was (the source maps hold), and "use strict" stays the file's first statement.
    helperDeclared = true;
    return `const { __lazyModule } = require(${JSON.stringify(LAZY_HELPER_MODULE)}); ${lazy}`;
  });
}

// A source map linked from a module, for esbuild to map the bundle through.
const SOURCE_MAP_LINK = /^\/\/# sourceMappingURL=.*$/m;

/**
 * TypeORM's modules as the layer bundles them: the requires of what no
 * request uses made lazy (unless `lazy` is false, to measure without), and
 * each file this repository patches mapped to its own JavaScript, as it runs,
 * instead of through TypeORM's map of its TypeScript, whose lines the patch
 * moved (stack traces and CPU profiles would name the wrong functions).
 */
export function typeormModules({ lazy }: { lazy: boolean }): Plugin {
  const patched = patchedFiles();
  return {
    name: "typeorm-modules",
    setup(bundle) {
      bundle.onResolve({ filter: /^bookstore:lazy-module$/ }, (args) => ({ path: args.path, namespace: "lazy-module" }));
      bundle.onLoad({ filter: /.*/, namespace: "lazy-module" }, () => ({ contents: LAZY_HELPER, loader: "js" }));
      bundle.onLoad({ filter: /[\\/]node_modules[\\/]typeorm[\\/].*\.js$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const mapped = patched.has(args.path) ? source.replace(SOURCE_MAP_LINK, "") : source;
        return { contents: lazy ? lazyRequires(mapped, args.path) : mapped, loader: "js" };
      });
    },
  };
}
