import type { Plugin } from "esbuild";
import { readFile } from "node:fs/promises";

// Powertools' tracer requires node:http and node:https at its top for its
// HTTP instrumentation (off in the functions: captureHTTPsRequests is
// false), and the X-Ray SDK requires http for its sampling-rule poller (off
// in Lambda) and its EC2 plugins. Loading them (https brings TLS) costs
// every traced cold start ≈11 ms for code no invocation runs. Here each of
// those requires becomes a stand-in that loads the module on first use.
const IMPORT_DEFAULT = /^(const|var|let) (\w+) = __importDefault\(require\("(?:node:)?(https?)"\)\);$/gm;
const PLAIN = /^(const|var|let) (\w+) = require\(['"](?:node:)?(https?)['"]\);$/gm;

/** `source` with its top-level requires of node:http and node:https loading on first use. */
export function lazyHttpRequires(source: string): string {
  return source
    .replace(IMPORT_DEFAULT, (_statement, kind: string, binding: string, name: string) => `${kind} ${binding} = { get default() { return require("node:${name}"); } };`)
    .replace(
      PLAIN,
      (_statement, kind: string, binding: string, name: string) =>
        `${kind} ${binding} = new Proxy({}, { get: (_, key) => require("node:${name}")[key], set: (_, key, value) => ((require("node:${name}")[key] = value), true), has: (_, key) => key in require("node:${name}") });`,
    );
}

/** For the tracer's own bundle: its and the X-Ray SDK's modules. */
export const lazyHttpModules: Plugin = {
  name: "lazy-http-modules",
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]node_modules[\\/](@aws-lambda-powertools[\\/]tracer|aws-xray-sdk-core)[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const lazy = lazyHttpRequires(source);
      return lazy === source ? undefined : { contents: lazy, loader: "js" };
    });
  },
};
