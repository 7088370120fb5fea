import { unzipSync, zipSync, type Zippable } from "fflate";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** A zip of every file under `root`/`folder`, named by its path from `root` (as a layer's content is laid out under /opt). */
export function zipDirectory(root: string, folder = "."): Uint8Array {
  const files: Zippable = {};
  for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path).split(sep).join("/")] = readFileSync(path);
  }
  return zipSync(files);
}

/** Writes a zip's files under `folder`. */
export function unzipInto(zip: Uint8Array, folder: string): void {
  for (const [name, content] of Object.entries(unzipSync(zip))) {
    if (name.endsWith("/")) continue;
    const path = join(folder, name);
    if (relative(folder, path).startsWith("..")) throw new Error(`the zip names a file outside its folder: ${name}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
