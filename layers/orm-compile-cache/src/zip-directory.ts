import { zipSync, type Zippable } from "fflate";
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";

/** A zip of every file under `root`, named by its path from `root` (as a layer's content is laid out under /opt). */
export function zipDirectory(root: string): Uint8Array {
  const files: Zippable = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(root.length + 1).split(sep).join("/")] = readFileSync(path);
  }
  return zipSync(files);
}
