/** The tiers (MAGLEV, TURBOFAN_JS, …) V8's `--trace-opt` output says it completed compiling the function `name` with, in order. */
export function tiersCompiled(trace: string, name: string): string[] {
  return [...trace.matchAll(/completed compiling \S+ <JSFunction (\S+) [^>]*> \(target (\w+)\)/g)].filter(([, compiled]) => compiled === name).map(([, , tier]) => tier as string);
}
