import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";

const REPOSITORY_ROOT = resolve(__dirname, "..", "..", "..");

/** Every file the repository's patches (patches/*.patch, applied by patch-package on install) change, as absolute paths. */
export function patchedFiles(): Set<string> {
  const real = realpathSync(REPOSITORY_ROOT);
  const patches = join(real, "patches");
  return new Set(
    readdirSync(patches)
      .filter((name) => name.endsWith(".patch"))
      .flatMap((name) => [...readFileSync(join(patches, name), "utf8").matchAll(/^diff --git a\/(\S+) b\//gm)].map((match) => join(real, match[1] as string))),
  );
}
