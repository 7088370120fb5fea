import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapping } from "node:module";
import { PROJECT_ROOT } from "./bench-paths";

/** A source map's source as a reader looks for it: a package's path, or one in this repository. */
export function readableSource(source: string): string {
  const inPackage = source.lastIndexOf("node_modules/");
  if (inPackage >= 0) return source.slice(inPackage + "node_modules/".length);
  return source.replace(/^file:\/\//, "").replace(/^(\.\.\/)+/, "/").replace(`${PROJECT_ROOT}/`, "");
}

/** Where a position of a built file came from. */
export interface OriginalPosition {
  /** readableSource of the original file. */
  source: string;
  /** The original file as the map names it. */
  rawSource: string;
  /** 1-based. */
  line: number;
  /** The original name at that position, when the map records one (a minified function's). */
  name?: string;
}

/** Maps positions of built files through the source maps beside them (`<file>.map`), each read once. */
export class SourceMaps {
  private readonly maps = new Map<string, SourceMap | undefined>();

  /** `line` and `column` 0-based, as V8's profiles and the Source Map spec count them; undefined when unmapped. */
  original(file: string, line: number, column: number): OriginalPosition | undefined {
    const path = file.replace(/^file:\/\//, "");
    if (!this.maps.has(path)) this.maps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8"))) : undefined);
    // Node.js gives the original name too where the map has one; its types leave it out.
    const entry = this.maps.get(path)?.findEntry(line, column) as (SourceMapping & { name?: string }) | Record<string, never> | undefined;
    if (!entry || !("originalSource" in entry)) return undefined;
    return { source: readableSource(entry.originalSource), rawSource: entry.originalSource, line: entry.originalLine + 1, ...(entry.name ? { name: entry.name } : {}) };
  }
}
