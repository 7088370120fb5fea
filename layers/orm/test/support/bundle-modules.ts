import { build, type Plugin } from "esbuild";

/**
 * Bundles in-memory CommonJS modules from `entry.js` as the layer's build
 * does (minified, names kept, an external source map), for the tests of the
 * build's steps on esbuild's output. Specifiers starting `./` or
 * `bookstore:` are the given modules; any other (node:path) stays external.
 */
export async function bundleModules(modules: Record<string, string>): Promise<{ code: string; map: string }> {
  const virtualModules: Plugin = {
    name: "virtual-modules",
    setup(bundle) {
      bundle.onResolve({ filter: /^(\.\/|bookstore:)/ }, (args) => ({ path: args.path.replace(/^\.\//, ""), namespace: "virtual" }));
      bundle.onLoad({ filter: /.*/, namespace: "virtual" }, (args) => ({ contents: modules[args.path], loader: "js" }));
    },
  };
  const result = await build({
    entryPoints: ["./entry.js"],
    bundle: true,
    write: false,
    minify: true,
    keepNames: true,
    format: "cjs",
    platform: "node",
    sourcemap: "external",
    outfile: "out.js",
    plugins: [virtualModules],
    logLevel: "silent",
  });
  const file = (suffix: string) => (result.outputFiles.find((output) => output.path.endsWith(suffix)) as { text: string }).text;
  return { code: file("out.js"), map: file("out.js.map") };
}
