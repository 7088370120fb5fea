import Module from "node:module";

/** Node.js's compile cache API (22.1 and later), which this project's @types/node (for Node 20) does not describe. */
interface CompileCacheApi {
  /** Where the cache is on, with the folder of this runtime's version, architecture and V8 flags; undefined when off. */
  getCompileCacheDir(): string | undefined;
  flushCompileCache(): void;
}

export function nodeCompileCache(): CompileCacheApi {
  const api = Module as unknown as Partial<CompileCacheApi>;
  if (typeof api.getCompileCacheDir !== "function" || typeof api.flushCompileCache !== "function") {
    throw new Error(`Node.js ${process.versions.node} has no compile cache (22.1 or later has)`);
  }
  return api as CompileCacheApi;
}
