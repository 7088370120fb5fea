import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer", "/opt/homebrew/bin/pgbouncer"];

export const PGBOUNCER_INSTALL_HINT = "apt-get install pgbouncer (or brew install pgbouncer), or set PGBOUNCER_BIN";

/** The pgbouncer binary: PGBOUNCER_BIN, a usual install location, or the PATH; undefined when there is none. */
export function findPgBouncer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PGBOUNCER_BIN) return existsSync(env.PGBOUNCER_BIN) ? env.PGBOUNCER_BIN : undefined;
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  try {
    return execFileSync("sh", ["-c", "command -v pgbouncer"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || undefined;
  } catch {
    return undefined;
  }
}
