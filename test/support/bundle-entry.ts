import { build } from "esbuild";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./run-script";

/** One self-contained script of an entry point and everything it imports, quick for a process to start. */
export async function bundleEntry(entry: string): Promise<string> {
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
    tsconfig: join(PROJECT_ROOT, "tsconfig.json"),
    logLevel: "error",
  });
  return outfile;
}
