import { decode, encode } from "@jridgewell/sourcemap-codec";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

// For the layer's build steps that rewrite esbuild's output in place: a built
// file and its map read and written once per step, and text edits (never
// across a line) that keep the source map true.

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `code` with the edits (sorted, not overlapping) applied. */
function applyEdits(code: string, edits: Edit[]): string {
  let result = "";
  let at = 0;
  for (const edit of edits) {
    result += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + code.slice(at);
}

/**
 * The source map's generated columns moved by the edits (sorted, and never
 * spanning a line); a segment inside a replaced or removed text moves to
 * where that text was.
 */
function shiftMap(map: string, code: string, edits: Edit[]): string {
  const parsed = JSON.parse(map) as { mappings: string };
  const lines = decode(parsed.mappings);
  let lineStart = 0;
  let next = 0;
  lines.forEach((segments, line) => {
    const lineEnd = line + 1 < lines.length ? code.indexOf("\n", lineStart) : code.length;
    // Segments are sorted by column, as are the edits: each moves by what the edits before it add.
    let shift = 0;
    for (const segment of segments) {
      while (next < edits.length && (edits[next] as Edit).end - lineStart <= segment[0]) {
        const edit = edits[next++] as Edit;
        shift += edit.text.length - (edit.end - edit.start);
      }
      const within = edits[next];
      segment[0] = within && within.start - lineStart < segment[0] && segment[0] < within.end - lineStart ? within.start - lineStart + shift : segment[0] + shift;
    }
    while (next < edits.length && (edits[next] as Edit).start < lineEnd) next++;
    lineStart = lineEnd + 1;
  });
  return JSON.stringify({ ...parsed, mappings: encode(lines) });
}

/** `code` with the edits (sorted, not overlapping, none spanning a line) applied, and its source map, when given, to match. */
export function editedSource(code: string, map: string | undefined, edits: Edit[]): { code: string; map?: string } {
  return { code: applyEdits(code, edits), map: map === undefined ? undefined : shiftMap(map, code, edits) };
}

/** Rewrites a built file, and its `.map` beside it when there is one, in place. */
export function rewriteBuiltFile(file: string, rewrite: (code: string, map?: string) => { code: string; map?: string }): void {
  const mapFile = `${file}.map`;
  const map = existsSync(mapFile) ? readFileSync(mapFile, "utf8") : undefined;
  const result = rewrite(readFileSync(file, "utf8"), map);
  writeFileSync(file, result.code);
  if (result.map !== undefined) writeFileSync(mapFile, result.map);
}
