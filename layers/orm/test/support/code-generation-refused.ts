/**
 * Runs `run` as a process started with --disallow-code-generation-from-strings
 * (or under a content security policy) would: `new Function` throws.
 */
export function withCodeGenerationRefused<Result>(run: () => Result): Result {
  const codeGeneration = globalThis.Function;
  globalThis.Function = function refuse() {
    throw new EvalError("Code generation from strings disallowed for this context");
  } as unknown as FunctionConstructor;
  try {
    return run();
  } finally {
    globalThis.Function = codeGeneration;
  }
}
