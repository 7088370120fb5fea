import { parse } from "@babel/parser";
import type { ArrowFunctionExpression } from "@babel/types";
import { moduleWrappers, usesEnclosingScope } from "./esbuild-module-wrappers";
import { editedSource, rewriteBuiltFile, type Edit } from "./source-edits";

// esbuild wraps each CommonJS module of a bundle in an arrow function that
// runs when the module is first required. V8 compiles a function lazily: it
// pre-parses the whole file first, then parses each function's body again
// when the function first runs. Almost every module of the layer runs while
// it loads, so most of the file was parsed twice. A function expression in
// parentheses is V8's hint that it is called soon, and V8 compiles it in the
// first pass: each module's wrapper becomes `(function (exports, module) {…})`.
// Its own inner functions stay lazy.

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

/** `code` with its module wrappers compiled eagerly, and its source map to match. */
export function eagerModuleBodies(code: string, map?: string): { code: string; map?: string; wrappers: number } {
  const edits = moduleWrapperEdits(code);
  return { ...editedSource(code, map, edits), wrappers: edits.length / 3 };
}

/** Rewrites a built file (and its `.map` beside it) in place. */
export function makeModuleBodiesEager(file: string): void {
  rewriteBuiltFile(file, eagerModuleBodies);
}
