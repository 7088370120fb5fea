import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Where the layer's loaders (see scripts/compile-cache-loader) leave V8's
 * data of each file they compiled with the compile cache on but no data
 * for it yet: a map from the data's file to the data, on globalThis under
 * this Symbol.for key. Only the compile cache's builder meets that case; a
 * function with its cache never does, and leaves the map unset.
 */
export const UNCACHED_SCRIPTS_KEY = "@bookstore/orm: V8 data of scripts compiled without it";

/**
 * Writes the V8 data the loaders left (each file's code cache: its top
 * level and every function of it V8 had compiled) to its file, and
 * forgets it. The compile cache's builder calls it
 * once it has loaded the function a second time, after its requests.
 */
export function writeCompiledScripts(): void {
  const left = (globalThis as Record<symbol, Map<string, Buffer> | undefined>)[Symbol.for(UNCACHED_SCRIPTS_KEY)];
  if (!left) return;
  for (const [file, data] of left) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  left.clear();
}
