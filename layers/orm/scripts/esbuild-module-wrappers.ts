import type { ArrowFunctionExpression, FunctionExpression, Node, Program } from "@babel/types";

// What the layer's build steps know of esbuild's output: each CommonJS module
// is a wrapper function passed to a helper declared at the file's top.

export type Wrapper = ArrowFunctionExpression | FunctionExpression;

export interface ModuleWrapper {
  /** The variable holding the module's `require_…` function. */
  name: string;
  wrapper: Wrapper;
  statementIndex: number;
}

/** esbuild's __commonJS and __esm: `(fn, state) => () => …`, declared at the file's top. */
function moduleHelpers(program: Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== "VariableDeclaration") continue;
    for (const { id, init } of statement.declarations) {
      if (id.type === "Identifier" && init?.type === "ArrowFunctionExpression" && init.params.length >= 2) {
        if (init.body.type === "ArrowFunctionExpression" || init.body.type === "FunctionExpression") names.add(id.name);
      }
    }
  }
  return names;
}

/** Whether the arrow's body reads what an arrow takes from outside (`this`, `arguments`, `new.target`, `super`). */
export function usesEnclosingScope(node: Node): boolean {
  switch (node.type) {
    case "ThisExpression":
    case "Super":
    case "MetaProperty":
      return true;
    case "Identifier":
      return node.name === "arguments";
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "StaticBlock":
    case "ClassPrivateMethod":
    case "ClassPrivateProperty":
      // Its own `this` and `arguments` (its parameters' defaults too).
      return false;
    case "ObjectMethod":
    case "ClassMethod":
    case "ClassProperty":
    case "ClassAccessorProperty":
      // Only a computed key is evaluated where the member is written.
      return Boolean(node.computed && usesEnclosingScope(node.key));
    default:
      break;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "leadingComments" || key === "trailingComments" || key === "innerComments") continue;
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === "string" && usesEnclosingScope(child)) return true;
    } else if (value && typeof value === "object" && typeof (value as Node).type === "string" && usesEnclosingScope(value as Node)) {
      return true;
    }
  }
  return false;
}

/** Each module's wrapper (a function, not async, with a block body) and the variable holding its `require_…`. */
export function moduleWrappers(program: Program): ModuleWrapper[] {
  const helpers = moduleHelpers(program);
  const found: ModuleWrapper[] = [];
  program.body.forEach((statement, statementIndex) => {
    if (statement.type !== "VariableDeclaration") return;
    for (const { id, init } of statement.declarations) {
      if (id.type !== "Identifier" || init?.type !== "CallExpression" || init.callee.type !== "Identifier" || !helpers.has(init.callee.name)) continue;
      const [wrapper] = init.arguments;
      if ((wrapper?.type === "ArrowFunctionExpression" || wrapper?.type === "FunctionExpression") && !wrapper.async && wrapper.body.type === "BlockStatement") {
        found.push({ name: id.name, wrapper, statementIndex });
      }
    }
  });
  return found;
}
