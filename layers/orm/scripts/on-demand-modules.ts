import { parse } from "@babel/parser";
import traverseModule, { type Binding, type NodePath } from "@babel/traverse";
import type { Identifier, Program } from "@babel/types";
import { decode, encode, type SourceMapMappings } from "@jridgewell/sourcemap-codec";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { moduleWrappers, usesEnclosingScope, type ModuleWrapper, type Wrapper } from "./esbuild-module-wrappers";
import { rewriteBuiltFile } from "./source-edits";

// The lazy-typeorm-modules step leaves the modules no request uses
// unevaluated until first used, but they are still in the layer's file, and
// V8 parses all of it whenever a function loads the layer. After esbuild,
// each module that loading the file never evaluates (it is reached only
// through a lazy module's first read) moves to a file of its own under
// `on-demand/`, loaded when the module is first required: its wrapper's
// body becomes a call of that file, given the wrapper's parameters and the
// bundle's names the body uses, so the body runs as before, unchanged.

const traverse = ((traverseModule as unknown as { default?: typeof traverseModule }).default ?? traverseModule) as typeof traverseModule;

export const ON_DEMAND_DIR = "on-demand";

// Names of Node's module wrapper a body may use: the file's own, passed on.
const NODE_MODULE_NAMES = new Set(["require", "module", "exports", "__filename", "__dirname"]);

interface Moved {
  /** Where the body's text starts and ends (inside its braces). */
  start: number;
  end: number;
  parameters: string[];
  passed: string[];
}

/** `lazy(() => require_x(), [names])`, where `lazy` was taken from the lazy-module helper's `__lazyModule`. */
function isLazyThunkCall(path: NodePath<Identifier>): boolean {
  const call = path.parentPath;
  const thunk = call?.parentPath;
  const lazyCall = thunk?.parentPath;
  if (!call?.isCallExpression() || call.node.callee !== path.node) return false;
  if (!thunk?.isArrowFunctionExpression() || thunk.node.body !== call.node) return false;
  if (!lazyCall?.isCallExpression() || lazyCall.node.arguments[0] !== thunk.node || lazyCall.node.callee.type !== "Identifier") return false;
  const lazy = lazyCall.scope.getBinding(lazyCall.node.callee.name);
  const declarator = lazy?.path;
  return Boolean(
    declarator?.isVariableDeclarator() &&
      declarator.node.id.type === "ObjectPattern" &&
      declarator.node.id.properties.some(
        (property) => property.type === "ObjectProperty" && property.key.type === "Identifier" && property.key.name === "__lazyModule" && property.value.type === "Identifier" && property.value.name === (lazyCall.node.callee as Identifier).name,
      ),
  );
}

/** A body this step already moved: `return require("./on-demand/<n>.js")(…)`. */
function isMovedBody(wrapper: Wrapper): boolean {
  const [statement, ...rest] = wrapper.body.type === "BlockStatement" ? wrapper.body.body : [];
  if (rest.length > 0 || statement?.type !== "ReturnStatement" || statement.argument?.type !== "CallExpression") return false;
  const load = statement.argument.callee;
  return (
    load.type === "CallExpression" &&
    load.callee.type === "Identifier" &&
    load.callee.name === "require" &&
    load.arguments[0]?.type === "StringLiteral" &&
    load.arguments[0].value.startsWith(`./${ON_DEMAND_DIR}/`)
  );
}

/** Which wrapper (by its variable) a path is inside; undefined at the file's top level. */
function ownerOf(path: NodePath, byWrapper: Map<Wrapper, string>): string | undefined {
  for (let at: NodePath | null = path; at; at = at.parentPath) {
    const owner = byWrapper.get(at.node as Wrapper);
    if (owner !== undefined) return owner;
  }
  return undefined;
}

/**
 * The modules loading the file never evaluates: not reachable from its top
 * level through requires, counting every require but the thunks of lazy
 * modules (even a require inside a function counts: it may run while loading).
 */
function onDemandModules(ast: ReturnType<typeof parse>, wrappers: ModuleWrapper[]): Set<string> {
  const names = new Set(wrappers.map((module) => module.name));
  const byWrapper = new Map(wrappers.map((module) => [module.wrapper as Wrapper, module.name]));
  const requires = new Map<string | undefined, Set<string>>();
  traverse(ast, {
    Identifier(path) {
      const name = path.node.name;
      if (!names.has(name) || !path.isReferencedIdentifier() || path.scope.getBinding(name)?.scope.path.type !== "Program") return;
      if (isLazyThunkCall(path)) return;
      const owner = ownerOf(path, byWrapper);
      if (owner === name) return;
      if (!requires.has(owner)) requires.set(owner, new Set());
      requires.get(owner)?.add(name);
    },
  });
  const evaluated = new Set<string>();
  const pending = [...(requires.get(undefined) ?? [])];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (evaluated.has(name)) continue;
    evaluated.add(name);
    pending.push(...(requires.get(name) ?? []));
  }
  return new Set([...names].filter((name) => !evaluated.has(name)));
}

/**
 * The names a body uses from outside its wrapper, or undefined when it must
 * stay: each must be the file's or Node's module wrapper's, bound once and
 * before any module can run (so that passing its value is the same as
 * reading it), and the body must not read `this`, `arguments` or the like.
 */
function namesToPass(path: NodePath<Wrapper>, firstRun: number, program: Program): string[] | undefined {
  if (usesEnclosingScope(path.node.body)) return undefined;
  const names = new Set<string>();
  let movable = true;
  path.traverse({
    Identifier(inner) {
      if (!movable || !inner.isReferencedIdentifier()) return;
      const name = inner.node.name;
      const binding: Binding | undefined = inner.scope.getBinding(name);
      if (!binding) {
        if (NODE_MODULE_NAMES.has(name)) names.add(name);
        return;
      }
      if (binding.scope.path.type !== "Program") return;
      const statement = binding.path.findParent((parent) => parent.parentPath?.isProgram() ?? false) ?? binding.path;
      const index = program.body.indexOf(statement.node as Program["body"][number]);
      if (binding.constantViolations.length > 0 || index < 0 || index >= firstRun) movable = false;
      else names.add(name);
    },
  });
  if (!movable) return undefined;
  return [...names].sort();
}

/** The index of the first top-level statement that runs code of the modules: everything after the last wrapper's declaration. */
function firstRunningStatement(wrappers: ModuleWrapper[]): number {
  return Math.max(...wrappers.map((module) => module.statementIndex)) + 1;
}

/** A source map segment: where it sits (as an offset, or a line and column), and what it points at. */
interface Located {
  offset: number;
  rest: number[];
}

interface Segment {
  line: number;
  column: number;
  rest: number[];
}

/** Line starts of a text, to turn offsets into lines and columns and back. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, column: offset - (starts[low] as number) };
}

function toMappings(segments: Segment[], lineCount: number): SourceMapMappings {
  const lines: SourceMapMappings = Array.from({ length: lineCount }, () => []);
  for (const { line, column, rest } of segments) (lines[line] as number[][]).push([column, ...rest]);
  for (const line of lines) line.sort((a, b) => (a[0] as number) - (b[0] as number));
  return lines as SourceMapMappings;
}

interface SourceMapJson {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
  file?: string;
}

/** A map of its own for a moved body's file: its segments, with only the sources and names they use. */
function movedBodyMap(map: SourceMapJson, segments: Located[], file: OnDemandFile): string {
  const starts = lineStarts(file.code);
  const sources = new Map<number, number>();
  const names = new Map<number, number>();
  const renumbered = segments.map(({ offset, rest }) => {
    const [source, line, column, name] = rest;
    if (source === undefined) return { offset, rest: [] };
    if (!sources.has(source)) sources.set(source, sources.size);
    const mapped = [sources.get(source) as number, line as number, column as number];
    if (name !== undefined) {
      if (!names.has(name)) names.set(name, names.size);
      mapped.push(names.get(name) as number);
    }
    return { offset, rest: mapped };
  });
  const placed = renumbered.map(({ offset, rest }) => ({ ...positionOf(starts, offset), rest }));
  return JSON.stringify({
    version: 3,
    file: file.name,
    ...(map.sourceRoot ? { sourceRoot: map.sourceRoot } : {}),
    sources: [...sources.keys()].map((index) => map.sources[index]),
    names: [...names.keys()].map((index) => map.names[index]),
    mappings: encode(toMappings(placed, starts.length)),
  });
}

/** A moved module's file, named relative to `on-demand/`. */
interface OnDemandFile {
  name: string;
  code: string;
  map?: string;
}

export interface OnDemandResult {
  code: string;
  map?: string;
  files: OnDemandFile[];
}

/** The wrappers of modules loading never evaluates whose bodies can move unchanged. */
function movableBodies(ast: ReturnType<typeof parse>, wrappers: ModuleWrapper[]): Moved[] {
  const onDemand = onDemandModules(ast, wrappers);
  const firstRun = firstRunningStatement(wrappers);
  const byWrapper = new Map(wrappers.map((module) => [module.wrapper as Wrapper, module]));
  const moved: Moved[] = [];
  traverse(ast, {
    Function(path) {
      const module = byWrapper.get(path.node as Wrapper);
      if (!module) return;
      path.skip();
      if (!onDemand.has(module.name) || isMovedBody(module.wrapper) || path.node.params.some((parameter) => parameter.type !== "Identifier")) return;
      const passed = namesToPass(path as NodePath<Wrapper>, firstRun, ast.program);
      if (!passed) return;
      const parameters = path.node.params.map((parameter) => (parameter as Identifier).name);
      const { body } = module.wrapper;
      moved.push({ start: (body.start as number) + 1, end: (body.end as number) - 1, parameters, passed: passed.filter((name) => !parameters.includes(name)) });
    },
  });
  return moved.sort((a, b) => a.start - b.start);
}

/** What a moved body is given: the wrapper's parameters and the names it reads from the file. */
function argumentsOf(move: Moved): string {
  return [...move.parameters, ...move.passed].join(",");
}

/** A moved body's file opens with a function of those. */
function prefixOf(move: Moved): string {
  return `module.exports=(function(${argumentsOf(move)}){`;
}

/** The file with each moved body replaced by a call of its own file (on as many lines as the body had), and those files. */
function rewrite(code: string, moved: Moved[]): { code: string; files: OnDemandFile[]; callLengths: number[] } {
  const files: OnDemandFile[] = [];
  const callLengths: number[] = [];
  let result = "";
  let at = 0;
  moved.forEach((move, index) => {
    const name = `${index}.js`;
    const body = code.slice(move.start, move.end);
    const call = `return require("./${ON_DEMAND_DIR}/${name}")(${argumentsOf(move)})${"\n".repeat(body.split("\n").length - 1)}`;
    result += code.slice(at, move.start) + call;
    at = move.end;
    callLengths.push(call.length);
    files.push({ name, code: `${prefixOf(move)}${body}});\n` });
  });
  return { code: result + code.slice(at), files, callLengths };
}

/**
 * Each segment of the file's map moves with its character: into its moved
 * body's file, or along the rewritten file. A moved body's file also starts
 * with the segment its first character had (a character maps to the
 * segment at or before it).
 */
function splitMap(map: string, code: string, moved: Moved[], rewritten: ReturnType<typeof rewrite>): { main: string; moved: string[] } {
  const parsed = JSON.parse(map) as SourceMapJson;
  const oldStarts = lineStarts(code);
  const flat: Located[] = decode(parsed.mappings).flatMap((segments, line) => segments.map(([column, ...rest]) => ({ offset: (oldStarts[line] as number) + column, rest })));
  flat.sort((a, b) => a.offset - b.offset);
  const movedSegments = moved.map(() => [] as Located[]);
  let covering = -1;
  moved.forEach((move, index) => {
    while (covering + 1 < flat.length && (flat[covering + 1] as Located).offset <= move.start) covering += 1;
    const before = flat[covering];
    if (before && before.offset < move.start && before.rest.length > 0) movedSegments[index]?.push({ offset: prefixOf(move).length, rest: before.rest });
  });
  const newStarts = lineStarts(rewritten.code);
  const kept: Segment[] = [];
  let next = 0;
  let shift = 0;
  for (const segment of flat) {
    while (next < moved.length && (moved[next] as Moved).end <= segment.offset) {
      const done = moved[next] as Moved;
      shift += (rewritten.callLengths[next] as number) - (done.end - done.start);
      next += 1;
    }
    const inside = moved[next];
    if (inside && segment.offset >= inside.start) movedSegments[next]?.push({ offset: segment.offset - inside.start + prefixOf(inside).length, rest: segment.rest });
    else kept.push({ ...positionOf(newStarts, segment.offset + shift), rest: segment.rest });
  }
  return {
    main: JSON.stringify({ ...parsed, mappings: encode(toMappings(kept, newStarts.length)) }),
    moved: rewritten.files.map((file, index) => movedBodyMap(parsed, movedSegments[index] as Located[], file)),
  };
}

/** Moves what loading `code` never evaluates into files of their own, named `on-demand/<n>.js` from it. */
export function splitOnDemandModules(code: string, map?: string): OnDemandResult {
  const ast = parse(code, { sourceType: "script" });
  const wrappers = moduleWrappers(ast.program);
  let requireIsNodes = true;
  traverse(ast, {
    Program(path) {
      // A moved body is loaded with Node's `require`, which the file must not rebind.
      requireIsNodes = !path.scope.hasOwnBinding("require");
      path.stop();
    },
  });
  if (wrappers.length === 0 || !requireIsNodes) return { code, map, files: [] };
  const moved = movableBodies(ast, wrappers);
  const rewritten = rewrite(code, moved);
  if (map === undefined) return { code: rewritten.code, files: rewritten.files };
  const maps = splitMap(map, code, moved, rewritten);
  const files = rewritten.files.map((file, index) => ({ ...file, code: `${file.code}//# sourceMappingURL=${file.name}.map\n`, map: maps.moved[index] }));
  return { code: rewritten.code, map: maps.main, files };
}

/** Splits a built file (and its `.map` beside it) in place, writing the moved modules under `on-demand/` beside it. */
export function moveOnDemandModules(file: string): void {
  rewriteBuiltFile(file, (code, map) => {
    const result = splitOnDemandModules(code, map);
    const dir = join(dirname(file), ON_DEMAND_DIR);
    if (result.files.length > 0) mkdirSync(dir, { recursive: true });
    for (const moved of result.files) {
      writeFileSync(join(dir, moved.name), moved.code);
      if (moved.map !== undefined) writeFileSync(join(dir, `${moved.name}.map`), moved.map);
    }
    return result;
  });
}
