import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { deflateRawSync } from "node:zlib";
import type { BenchScripts } from "./bench-scripts";
import { COMPILE_CACHE_DIRECTORY } from "@bookstore/orm/layer-packages";
import type { DeployedArtifacts } from "./deployed-artifacts";
import { measure, type Measure } from "./measure";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The size of `dir` (or of its folder `only`) zipped as Lambda receives it: each file deflated, plus the zip headers. */
export function zippedBytes(dir: string, only?: string): number {
  const ZIP_LOCAL_HEADER = 30;
  const ZIP_CENTRAL_ENTRY = 46;
  const ZIP_END = 22;
  return (
    files(only ? join(dir, only) : dir).reduce((total, file) => {
      const name = Buffer.byteLength(relative(dir, file));
      return total + ZIP_LOCAL_HEADER + ZIP_CENTRAL_ENTRY + 2 * name + deflateRawSync(readFileSync(file), { level: 9 }).length;
    }, 0) + ZIP_END
  );
}

export function measureSize(artifacts: DeployedArtifacts, scripts: BenchScripts): Measure[] {
  const baseline = zippedBytes(scripts.baselineDir);
  const layer = zippedBytes(artifacts.layerDir, "nodejs");
  // The books function's cache layer, as laid out at /opt.
  const compileCache = zippedBytes(artifacts.functions.books.layers, COMPILE_CACHE_DIRECTORY);
  const books = zippedBytes(artifacts.bundles.books);
  return [
    measure("size-books-function", "bytes", books, baseline, { on: "project", atMost: 100 * 1024 }, "zipped"),
    measure("size-reviews-function", "bytes", zippedBytes(artifacts.bundles.reviews), baseline, { on: "project", atMost: 100 * 1024 }, "zipped"),
    measure("size-migrator-function", "bytes", zippedBytes(artifacts.migratorDir), null, undefined, "zipped"),
    measure("size-layer", "bytes", layer, null, { on: "project", atMost: 2 * 1024 * 1024 }, "zipped"),
    measure("size-books-compile-cache-layer", "bytes", compileCache, null, undefined, "zipped; made on deploy"),
    measure("size-books-function-with-layer", "bytes", books + layer + compileCache, baseline, undefined, "zipped, with both layers; the baseline bundles pg itself"),
  ];
}
