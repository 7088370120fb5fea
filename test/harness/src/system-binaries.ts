import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";

interface SystemBinary {
  /** Names it has on a PATH. */
  names: string[];
  /** Where packages install it when that is not on the PATH. */
  locations: string[];
  /** The variable that points at it explicitly. */
  variable: string;
}

const PGBOUNCER: SystemBinary = {
  names: ["pgbouncer"],
  locations: ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer", "/opt/homebrew/bin/pgbouncer"],
  variable: "PGBOUNCER_BIN",
};

const CHROMIUM: SystemBinary = {
  names: ["chromium", "chromium-browser", "google-chrome"],
  locations: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/Applications/Chromium.app/Contents/MacOS/Chromium"],
  variable: "CHROMIUM_BIN",
};

export const PGBOUNCER_INSTALL_HINT = "apt-get install pgbouncer (or brew install pgbouncer), or set PGBOUNCER_BIN";
export const CHROMIUM_INSTALL_HINT = "apt-get install chromium (or brew install --cask chromium), or set CHROMIUM_BIN";

/** A file this process may run: present is not enough (a package half removed, a file masked). */
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function find({ names, locations, variable }: SystemBinary, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env[variable];
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  const found = locations.find(isExecutable);
  if (found) return found;
  for (const name of names) {
    try {
      const onPath = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      if (onPath && isExecutable(onPath)) return onPath;
    } catch {
      // Not on the PATH under this name.
    }
  }
  return undefined;
}

/** The pgbouncer binary: PGBOUNCER_BIN, a usual install location, or the PATH; undefined when there is none. */
export const findPgBouncer = (env: NodeJS.ProcessEnv = process.env) => find(PGBOUNCER, env);

/** A Chromium (or Chrome) binary for the browser tests: CHROMIUM_BIN, a usual location, or the PATH. */
export const findChromium = (env: NodeJS.ProcessEnv = process.env) => find(CHROMIUM, env);
