import { parse } from "@babel/parser";
import type { ArrowFunctionExpression } from "@babel/types";
import { decode, encode } from "@jridgewell/sourcemap-codec";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { moduleWrappers, usesEnclosingScope } from "./esbuild-module-wrappers";

// esbuild wraps each CommonJS module of a bundle in an arrow function that
// runs when the module is first required. V8 compiles a function lazily: it
// pre-parses the whole file first, then parses each function's body again
// when the function first runs. Almost every module of the layer runs while
// it loads, so most of the file was parsed twice. A function expression in
// parentheses is V8's hint that it is called soon, and V8 compiles it in the
// first pass: each module's wrapper becomes `(function (exports, module) {…})`.
// Its own inner functions stay lazy.

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The three edits that turn `(a, b) => {…}` (or `a => {…}`) into `(function (a, b) {…})`. */
function asParenthesizedFunction(code: string, arrow: ArrowFunctionExpression): Edit[] {
  const start = arrow.start as number;
  const bodyStart = arrow.body.start as number;
  const arrowAt = code.lastIndexOf("=>", bodyStart);
  const parenthesized = code[start] === "(";
  return [
    { start, end: start, text: parenthesized ? "(function" : "(function(" },
    { start: arrowAt, end: arrowAt + 2, text: parenthesized ? "" : ")" },
    { start: arrow.end as number, end: arrow.end as number, text: ")" },
  ];
}

function moduleWrapperEdits(code: string): Edit[] {
  const edits: Edit[] = [];
  for (const { wrapper } of moduleWrappers(parse(code, { sourceType: "script" }).program)) {
    if (wrapper.type !== "ArrowFunctionExpression" || usesEnclosingScope(wrapper.body)) continue;
    edits.push(...asParenthesizedFunction(code, wrapper));
  }
  return edits.sort((a, b) => a.start - b.start);
}

function applyEdits(code: string, edits: Edit[]): string {
  let result = "";
  let at = 0;
  for (const edit of edits) {
    result += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + code.slice(at);
}

/** The source map's generated columns moved by the edits (sorted, and never spanning a line). */
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
      segment[0] += shift;
    }
    while (next < edits.length && (edits[next] as Edit).start < lineEnd) next++;
    lineStart = lineEnd + 1;
  });
  return JSON.stringify({ ...parsed, mappings: encode(lines) });
}

/** `code` with its module wrappers compiled eagerly, and its source map to match. */
export function eagerModuleBodies(code: string, map?: string): { code: string; map?: string; wrappers: number } {
  const edits = moduleWrapperEdits(code);
  return {
    code: applyEdits(code, edits),
    map: map === undefined ? undefined : shiftMap(map, code, edits),
    wrappers: edits.length / 3,
  };
}

/** Rewrites a built file (and its `.map` beside it) in place. */
export function makeModuleBodiesEager(file: string): void {
  const mapFile = `${file}.map`;
  const map = existsSync(mapFile) ? readFileSync(mapFile, "utf8") : undefined;
  const result = eagerModuleBodies(readFileSync(file, "utf8"), map);
  writeFileSync(file, result.code);
  if (result.map !== undefined) writeFileSync(mapFile, result.map);
}
