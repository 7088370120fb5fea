import { parse } from "@babel/parser";
import traverseModule from "@babel/traverse";
import type { NodePath } from "@babel/traverse";
import { isValidIdentifier, type CallExpression, type Expression, type Node, type Program, type StringLiteral } from "@babel/types";
import { resolve } from "node:path";
import { editedSource, rewriteBuiltFile, type Edit } from "./source-edits";

// esbuild's keepNames gives a function back the name minification took from
// it by calling a helper, `__name(fn, "name")`, which redefines the
// function's `name` with Object.defineProperty each time the function is
// made. For a closure made on every call (a callback per query) that is a
// call into V8's runtime and a change of the function's shape every time:
// ≈5,000 instructions each, seven times per `GET /book/{id}`. An anonymous
// function given as a property of an object literal gets the property's key
// as its name when it is made, with nothing left to do at run time
// (ECMAScript's NamedEvaluation, what esbuild#4296 proposes for keepNames):
// each `__name(<anonymous function>, "name")` becomes
// `({"name": <anonymous function>})["name"]`, the same function with the
// same name.
//
// A class gets the helper in a static block, `static{__name(this,"Name")}`,
// and a subclass so renamed is one V8 cannot optimize: every Maglev or
// TurboFan compile of its constructor is dropped ("dependency change"),
// retried some hundreds of calls later and dropped again, so pg's Query and
// TypeORM's query builders ran unoptimized for a container's whole life.
// A class expression is given its name as its own (`class Name extends …`,
// its minified inner name and the reads of it renamed), where nothing in it
// means something else by `Name`, and the static block goes. Named
// functions, class declarations and other uses of `this` keep the helper.

const traverse = ((traverseModule as unknown as { default?: typeof traverseModule }).default ?? traverseModule) as typeof traverseModule;

/** Whether `node` is `true`, as written minified (`!0`) or not. */
function isTrue(node: Node): boolean {
  return (node.type === "BooleanLiteral" && node.value) || (node.type === "UnaryExpression" && node.operator === "!" && node.argument.type === "NumericLiteral" && node.argument.value === 0);
}

/** Whether `init` is esbuild's name helper: `(fn, name) => defineProperty(fn, "name", { value: name, configurable: true })`. */
function isNameHelper(init: Expression | null | undefined): boolean {
  if (init?.type !== "ArrowFunctionExpression" || init.params.length !== 2 || init.body.type !== "CallExpression") return false;
  const [fn, name] = init.params;
  const [target, key, descriptor] = init.body.arguments;
  if (fn?.type !== "Identifier" || name?.type !== "Identifier" || init.body.arguments.length !== 3) return false;
  if (target?.type !== "Identifier" || target.name !== fn.name || key?.type !== "StringLiteral" || key.value !== "name") return false;
  if (descriptor?.type !== "ObjectExpression" || descriptor.properties.length !== 2) return false;
  const property = (wanted: string) =>
    descriptor.properties.find((p) => p.type === "ObjectProperty" && !p.computed && p.key.type === "Identifier" && p.key.name === wanted);
  const value = property("value");
  const configurable = property("configurable");
  return value?.type === "ObjectProperty" && value.value.type === "Identifier" && value.value.name === name.name && configurable?.type === "ObjectProperty" && isTrue(configurable.value);
}

/** The names the file's top level gives esbuild's name helper. */
function nameHelpers(program: Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== "VariableDeclaration") continue;
    for (const { id, init } of statement.declarations) if (id.type === "Identifier" && isNameHelper(init)) names.add(id.name);
  }
  return names;
}

/** The edits turning `helper(fn, "name")` into `({"name":fn})["name"]`, or none where that could read differently. */
function staticNameEdits(code: string, call: Node, fn: Node, name: StringLiteral): Edit[] {
  const [start, end] = [call.start as number, call.end as number];
  const [fnStart, fnEnd] = [fn.start as number, fn.end as number];
  const [nameStart, nameEnd] = [name.start as number, name.end as number];
  // An object literal's key `__proto__` sets the prototype instead.
  if (name.value === "__proto__") return [];
  // The edits stay within a line (the map's columns move, never its lines),
  // and a parenthesis starting a line could continue the line before.
  if (code.slice(start, fnStart).includes("\n") || code.slice(fnEnd, end).includes("\n") || /\n\s*$/.test(code.slice(Math.max(0, start - 80), start))) return [];
  // The name's literal stays where it was written, as the index: its map segment with it.
  return [
    { start, end: fnStart, text: `({${code.slice(nameStart, nameEnd)}:` },
    { start: fnEnd, end: nameStart, text: "})[" },
    { start: nameEnd, end, text: "]" },
  ];
}

/**
 * The edits turning `class extends B{static{helper(this,"Name")}…}` into
 * `class Name extends B{…}`, and `class a …{static{helper(this,"Name")}…a…}`
 * into `class Name …{…Name…}` (a class whose code reads its own name has an
 * inner one minified), or none where that could read differently.
 */
function classNameEdits(code: string, call: NodePath<CallExpression>, name: Node | undefined): Edit[] {
  if (name?.type !== "StringLiteral" || !isValidIdentifier(name.value) || name.value === "eval" || name.value === "arguments") return [];
  const block = call.parentPath.parentPath;
  const cls = block?.parentPath?.parentPath;
  if (!call.parentPath.isExpressionStatement() || !block?.isStaticBlock() || block.node.body.length !== 1 || !cls?.isClassExpression()) return [];
  // Nothing in the class may already mean something else by the name (in its heritage too, where the class's own name is not yet usable).
  let nameTaken = false;
  cls.traverse({
    Identifier(path) {
      if (path.node.name === name.value && (path.isReferenced() || path.isBindingIdentifier())) {
        nameTaken = true;
        path.stop();
      }
    },
  });
  const id = cls.node.id;
  const inner = id ? cls.scope.getBinding(id.name) : undefined;
  const references = inner?.referencePaths ?? [];
  // The inner name's binding is the class's own; `{a}` would become `{Name}`, another key.
  if (nameTaken || (id && inner?.scope !== cls.scope) || references.some((reference) => reference.parentPath?.isObjectProperty({ shorthand: true }))) return [];
  const [classStart, blockStart, blockEnd] = [cls.node.start as number, block.node.start as number, block.node.end as number];
  if (code.slice(classStart, classStart + "class".length) !== "class" || code.slice(blockStart, blockEnd).includes("\n")) return [];
  const renamed = (node: Node): Edit => ({ start: node.start as number, end: node.end as number, text: name.value });
  return [
    id ? renamed(id) : { start: classStart + "class".length, end: classStart + "class".length, text: ` ${name.value}` },
    { start: blockStart, end: blockEnd, text: "" },
    ...references.map((reference) => renamed(reference.node)),
  ];
}

/** `code` with its anonymous functions and classes named where they are written, and its source map to match; `named` counts them. */
export function staticFunctionNames(code: string, map?: string): { code: string; map?: string; named: number } {
  const ast = parse(code, { sourceType: "script" });
  const helpers = nameHelpers(ast.program);
  const edits: Edit[] = [];
  let named = 0;
  const add = (more: Edit[]) => {
    if (more.length > 0) named++;
    edits.push(...more);
  };
  if (helpers.size > 0) {
    traverse(ast, {
      CallExpression(path) {
        const { callee, arguments: args } = path.node;
        if (callee.type !== "Identifier" || !helpers.has(callee.name) || args.length !== 2) return;
        if (path.scope.getBinding(callee.name)?.scope.block.type !== "Program") return;
        const [fn, name] = args;
        if (fn?.type === "ThisExpression") return add(classNameEdits(code, path, name));
        const anonymous = fn?.type === "ArrowFunctionExpression" || (fn?.type === "FunctionExpression" && !fn.id);
        if (!anonymous || name?.type !== "StringLiteral") return;
        add(staticNameEdits(code, path.node, fn, name));
      },
    });
  }
  edits.sort((a, b) => a.start - b.start);
  return { ...editedSource(code, map, edits), named };
}

/** Rewrites a built file (and its `.map` beside it) in place. */
export function nameFunctionsStatically(file: string): void {
  rewriteBuiltFile(file, staticFunctionNames);
}

// The function bundles' build runs it on each bundle it writes: static-function-names <file>…
if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: static-function-names <file>…");
    process.exit(2);
  }
  for (const file of files) nameFunctionsStatically(resolve(file));
}
