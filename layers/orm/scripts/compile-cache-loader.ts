import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { COMPILE_CACHE_DIRECTORY } from "./layer-packages";

/** The file a package of the layer names as its main: it loads the package's own file (index.js). */
export const LOADER_FILE = "load.js";

/**
 * Writes `packageDir`'s loader: it switches Node.js's compile cache on when
 * the layer's cache is there (a layer made on deploy for the runtime the
 * functions run on, see @bookstore/orm-compile-cache), then loads the
 * package, whose file V8 then reads from the cache instead of compiling it.
 * Without the cache, or with one made for another runtime version (Node.js
 * ignores it, and cannot write to /opt), the package loads as it would
 * without the loader.
 */
export function writeCompileCacheLoader(packageDir: string, layerRoot: string): void {
  const cache = relative(packageDir, join(layerRoot, COMPILE_CACHE_DIRECTORY));
  writeFileSync(
    join(packageDir, LOADER_FILE),
    `"use strict";
const cache = require("node:path").join(__dirname, ${JSON.stringify(cache)});
if (require("node:fs").existsSync(cache)) require("node:module").enableCompileCache?.(cache);
module.exports = require("./index.js");
`,
  );
}
