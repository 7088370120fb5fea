import Module from "node:module";

/** Node.js's compile cache API (22.1 and later), which this project's @types/node (for Node 20) does not describe. */
interface CompileCacheApi {
  enableCompileCache(options: { directory: string; portable?: boolean }): { status: number; message?: string; directory?: string };
  flushCompileCache(): void;
  constants: { compileCacheStatus: { ENABLED: number } };
}

export function nodeCompileCache(): CompileCacheApi {
  const api = Module as unknown as Partial<CompileCacheApi>;
  if (typeof api.enableCompileCache !== "function" || typeof api.flushCompileCache !== "function" || !api.constants) {
    throw new Error(`Node.js ${process.versions.node} has no compile cache (22.1 or later has)`);
  }
  return api as CompileCacheApi;
}
