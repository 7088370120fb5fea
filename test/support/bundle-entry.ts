import { build } from "esbuild";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLayer } from "../../layers/orm/scripts/build-layer";
import { PROJECT_ROOT } from "./run-script";

/**
 * One self-contained script of an entry point and everything it imports,
 * quick for a process to start. With `onLayer`, the ORM is left out, as in
 * a deployed function: the process loads it from the layer (`NODE_PATH`).
 */
export async function bundleEntry(entry: string, { onLayer = false } = {}): Promise<string> {
  const outfile = join(await mkdtemp(join(tmpdir(), "bookstore-bundle-")), "entry.js");
  await build({
    entryPoints: [join(PROJECT_ROOT, entry)],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    keepNames: true,
    minify: true,
    outfile,
    external: onLayer ? ["@bookstore/orm"] : [],
    tsconfig: join(PROJECT_ROOT, "tsconfig.json"),
    logLevel: "error",
  });
  return outfile;
}

/** The ORM layer built as deployed; returns the folder Lambda puts on the module path. */
export async function buildTestLayer(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bookstore-layer-"));
  await buildLayer(dir);
  return join(dir, "nodejs", "node_modules");
}
