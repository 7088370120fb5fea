import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Script } from "node:vm";

/**
 * Where the layer's loaders (see scripts/compile-cache-loader) leave each
 * file they compiled with the compile cache on but no V8 data for it yet:
 * a map from the data's file to the script, on globalThis under this
 * Symbol.for key. Only the compile cache's builder meets that case; a
 * function with its cache never does, and leaves the map unset.
 */
export const UNCACHED_SCRIPTS_KEY = "@bookstore/orm: scripts compiled without V8 data";

/**
 * Writes each uncached script's V8 data (its code cache: its top level and
 * every function compiled by now) to its file; the files written. The
 * compile cache's builder calls it once the function has loaded and its
 * requests have compiled the code they run.
 */
export function writeCompiledScripts(): string[] {
  const scripts = (globalThis as Record<symbol, Map<string, Script> | undefined>)[Symbol.for(UNCACHED_SCRIPTS_KEY)];
  if (!scripts) return [];
  for (const [file, script] of scripts) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, script.createCachedData());
  }
  const written = [...scripts.keys()];
  scripts.clear();
  return written;
}
