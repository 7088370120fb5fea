import { execFileSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Lambda's runtime for the functions (nodejs24.x), as the npm registry ships it: the official binary in node-<os>-<arch>. */
export const LAMBDA_NODE_VERSION = "24.22.3";

// Installed here on first use (the bench's first run, or the tests of the
// compile cache), not as a dependency: a package
// named node-* puts a `node` into node_modules/.bin, and every npm script
// (npm start, npm test) would then run on it.
const PREFIX = join(__dirname, "..", "..", "..", "node_modules", ".cache", `lambda-node-${LAMBDA_NODE_VERSION}`);

/**
 * The options Lambda's Node.js runtime starts `node` with (its bootstrap
 * script), for a function of `memoryMb`: the young generation's semi-space
 * and the old generation sized from the function's memory. The bench runs
 * the functions with them, as Lambda does.
 */
export function lambdaNodeOptions(memoryMb: number): string[] {
  const newSpaceMb = Math.floor(memoryMb / 10);
  return ["--expose-gc", "--max-http-header-size", "81920", `--max-semi-space-size=${Math.floor(newSpaceMb / 2)}`, `--max-old-space-size=${memoryMb - newSpaceMb}`];
}

export interface NodeRuntime {
  path: string;
  version: string;
}

const versionOf = (path: string) => execFileSync(path, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();

/**
 * The Node.js the functions run on in Lambda, for what must run as there
 * (the bench's measured processes, the compile cache): this process's own when it is that version; otherwise the official
 * binary from the npm registry, installed once (exact version) into
 * node_modules/.cache. This machine's Node when that fails, said so.
 */
export function lambdaNode(): NodeRuntime {
  if (process.versions.node === LAMBDA_NODE_VERSION) return { path: process.execPath, version: LAMBDA_NODE_VERSION };
  const name = `node-${process.platform}-${process.arch}`;
  const path = join(PREFIX, "node_modules", name, "bin", "node");
  try {
    if (!existsSync(path)) {
      console.error(`installing ${name}@${LAMBDA_NODE_VERSION} (Lambda's Node.js) into ${PREFIX}, once`);
      // Installed beside, then renamed into place: test files in parallel workers may ask at once.
      const staging = `${PREFIX}.${process.pid}`;
      try {
        execFileSync("npm", ["install", "--prefix", staging, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `${name}@${LAMBDA_NODE_VERSION}`], { stdio: ["ignore", "ignore", "inherit"] });
        renameSync(staging, PREFIX);
      } catch (error) {
        // Unless another process put it there first.
        if (!existsSync(path)) throw error;
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }
    return { path, version: versionOf(path) };
  } catch {
    console.error(`no Node.js ${LAMBDA_NODE_VERSION} for ${process.platform}-${process.arch}; running on this machine's Node ${process.versions.node}`);
    return { path: process.execPath, version: process.versions.node };
  }
}
