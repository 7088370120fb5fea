import { execFileSync } from "node:child_process";

export interface OsUser {
  uid: number;
  gid: number;
}

function lookup(name: string): OsUser | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root. When this process is root, the server
 * runs as the `postgres` OS user, which is created if the system has none.
 * Returns undefined when no switch is needed.
 */
export function postgresOsUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookup("postgres");
  if (existing) return existing;
  execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], { stdio: "ignore" });
  const created = lookup("postgres");
  if (!created) throw new Error("running as root: could not create the postgres OS user PostgreSQL must run as");
  return created;
}
