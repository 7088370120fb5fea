import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where node_modules and patches/ are (the patches, applied by patch-package on npm install, change installed packages). */
export const PROJECT_ROOT = join(__dirname, "..", "..", "..", "..");

/** The installed release of a package. */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
