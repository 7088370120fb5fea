import { spawn, type ChildProcess } from "node:child_process";
import { findPgBouncer, PGBOUNCER_INSTALL_HINT } from "./system-binaries";
import { postgresOsUser } from "@bookstore/local";
import { chmod, chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { freePort } from "./free-port";

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it (a superuser URL: PgBouncer looks up passwords with it). */
  serverUrl: string;
  /** Server connections per database and user: the ceiling the tests check. */
  poolSize?: number;
  /** Close client connections idle this long, as RDS Proxy's IdleClientTimeout does. */
  clientIdleTimeoutSeconds?: number;
}

function pgbouncerBinary(): string {
  const binary = findPgBouncer();
  if (!binary) throw new Error(`pgbouncer is not installed: ${PGBOUNCER_INSTALL_HINT}`);
  return binary;
}

/**
 * A real PgBouncer in transaction mode, standing in for RDS Proxy: clients
 * authenticate to it (SCRAM, passwords looked up in the server with
 * auth_query), and it multiplexes them over at most `poolSize` server
 * connections per database and user.
 */
export class PgBouncer {
  readonly poolSize: number;
  private process?: ChildProcess;
  private dir = "";
  private adminPassword = "";
  port = 0;

  private constructor(private readonly options: PgBouncerOptions) {
    this.poolSize = options.poolSize ?? 3;
  }

  static async start(options: PgBouncerOptions): Promise<PgBouncer> {
    const bouncer = new PgBouncer(options);
    try {
      await bouncer.configure();
      await bouncer.launch();
    } catch (error) {
      // Its folder goes too when it cannot start (not installed, say).
      await bouncer.destroy();
      throw error;
    }
    return bouncer;
  }

  /** `url` (a URL on the PostgreSQL server) re-pointed at this pooler. */
  through(url: string): string {
    const rewritten = new URL(url);
    rewritten.hostname = "127.0.0.1";
    rewritten.port = String(this.port);
    return rewritten.toString();
  }

  /** Runs a command on PgBouncer's admin console (SHOW POOLS, SHOW SERVERS…). */
  async admin<Row>(command: string): Promise<Row[]> {
    const server = new URL(this.options.serverUrl);
    const client = new Client({
      host: "127.0.0.1",
      port: this.port,
      user: decodeURIComponent(server.username),
      password: this.adminPassword,
      database: "pgbouncer",
    });
    await client.connect();
    try {
      return (await client.query(command)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT"); // safe shutdown
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async destroy(): Promise<void> {
    await this.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async configure(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), "bookstore-pgbouncer-"));
    // PgBouncer refuses to run as root: it drops to the postgres OS user, who must own its folder.
    const osUser = postgresOsUser();
    if (osUser) await chown(this.dir, osUser.uid, osUser.gid);
    await chmod(this.dir, 0o755);
    this.port = await freePort();
    const server = new URL(this.options.serverUrl);
    const authUser = decodeURIComponent(server.username) || "postgres";
    // PgBouncer logs into the server as auth_user with this password to look
    // others up; it is also the admin console's password.
    this.adminPassword = decodeURIComponent(server.password) || "pgbouncer-admin";
    const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
    await writeFile(join(this.dir, "userlist.txt"), `${quote(authUser)} ${quote(this.adminPassword)}\n`, { mode: 0o644 });
    const ini = [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${this.port}`,
      "unix_socket_dir =",
      "auth_type = scram-sha-256",
      `auth_file = ${join(this.dir, "userlist.txt")}`,
      `auth_user = ${authUser}`,
      "auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename = $1",
      `admin_users = ${authUser}`,
      "pool_mode = transaction",
      `default_pool_size = ${this.poolSize}`,
      "min_pool_size = 0",
      "reserve_pool_size = 0",
      "max_client_conn = 1000",
      "ignore_startup_parameters = extra_float_digits,options",
      "server_login_retry = 1",
      `client_idle_timeout = ${this.options.clientIdleTimeoutSeconds ?? 0}`,
      `logfile = ${join(this.dir, "pgbouncer.log")}`,
      `pidfile = ${join(this.dir, "pgbouncer.pid")}`,
    ].join("\n");
    await writeFile(join(this.dir, "pgbouncer.ini"), `${ini}\n`, { mode: 0o644 });
  }

  private launch(): Promise<void> {
    const asRoot = process.getuid?.() === 0;
    const args = [...(asRoot ? ["-u", "postgres"] : []), join(this.dir, "pgbouncer.ini")];
    const child = spawn(pgbouncerBinary(), args, { stdio: ["ignore", "ignore", "pipe"] });
    this.process = child;
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => process.off("exit", killOnExit));
    return new Promise((resolve, reject) => {
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.once("exit", (code) => reject(new Error(`pgbouncer exited (${code}): ${stderr}`)));
      const deadline = Date.now() + 10_000;
      const probe = async () => {
        try {
          await this.admin("SHOW VERSION");
          resolve();
        } catch (error) {
          if (Date.now() > deadline) reject(new Error(`pgbouncer did not start: ${String(error)} ${stderr}`));
          else setTimeout(probe, 50);
        }
      };
      void probe();
    });
  }
}
