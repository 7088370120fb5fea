import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { postgresBinaries, type PostgresBinaries } from "./postgres-binaries";
import { postgresOsUser, type OsUser } from "./os-user";

export interface PostgresClusterOptions {
  /** Where the cluster keeps its files; created and initialised on first start. */
  dataDir: string;
  port: number;
  /** Password of the `postgres` superuser (scram-sha-256 on 127.0.0.1). */
  password: string;
  /** Trade durability for speed: for throw-away test clusters only. */
  ephemeral?: boolean;
  /**
   * Roles (a regular expression) let in from 127.0.0.1 without a password,
   * for tests that put their own authenticating proxy in front.
   */
  trustRolesMatching?: string;
}

const READY = "database system is ready to accept connections";

// Servers this process started; none may outlive it. The exit hook is
// there only while one runs (a test runner loads this module once per file).
const running = new Set<ChildProcess>();
const stopRunning = () => {
  for (const server of running) server.kill("SIGINT");
};

function keepTrackOf(server: ChildProcess): void {
  if (running.size === 0) process.once("exit", stopRunning);
  running.add(server);
  server.once("exit", () => {
    running.delete(server);
    if (running.size === 0) process.off("exit", stopRunning);
  });
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * A real PostgreSQL server run from the binaries in node_modules: initdb on
 * first use, start, stop, restart. Only TCP on 127.0.0.1, no Unix socket,
 * so it never collides with a PostgreSQL installed on the machine.
 */
export class PostgresCluster {
  private server?: ChildProcess;
  private readonly osUser: OsUser | undefined;
  private readonly binaries: PostgresBinaries;

  constructor(readonly options: PostgresClusterOptions) {
    this.osUser = postgresOsUser();
    this.binaries = postgresBinaries(this.osUser);
  }

  /** Superuser URL for a database of this cluster. */
  url(database = "postgres"): string {
    const { password, port } = this.options;
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  }

  get isRunning(): boolean {
    return this.server !== undefined && this.server.exitCode === null && this.server.signalCode === null;
  }

  /** The pid of a server still running on this data folder (left by an earlier run), if any. */
  async runningPid(): Promise<{ pid: number; port: number } | undefined> {
    const pidFile = join(this.options.dataDir, "postmaster.pid");
    if (!existsSync(pidFile)) return undefined;
    const [pid, , , port] = (await readFile(pidFile, "utf8")).split("\n");
    try {
      process.kill(Number(pid), 0);
      return { pid: Number(pid), port: Number(port) };
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    if (!existsSync(join(this.options.dataDir, "PG_VERSION"))) {
      await this.initialise();
    }
    await this.launch();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server || !this.isRunning) return;
    const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
    server.kill("SIGINT"); // fast shutdown: roll back open transactions, close sessions
    const timer = setTimeout(() => server.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.server = undefined;
  }

  /**
   * Freezes every process of the server (SIGSTOP): it keeps its sockets
   * open and answers nothing, like a hung host. For fault tests.
   */
  pause(): void {
    this.signalAll("SIGSTOP");
  }

  resume(): void {
    this.signalAll("SIGCONT");
  }

  // Backends are process group leaders of their own, so each is signalled.
  private signalAll(signal: NodeJS.Signals): void {
    const pid = this.server?.pid;
    if (!pid) return;
    let children: number[] = [];
    try {
      children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
    } catch {
      // pgrep exits 1 when there are no children.
    }
    for (const target of [pid, ...children]) process.kill(target, signal);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the server and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.options.dataDir, { recursive: true, force: true });
  }

  private spawnOptions() {
    return { ...(this.osUser ?? {}), env: { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" } };
  }

  private async initialise(): Promise<void> {
    const { dataDir, password } = this.options;
    // The parent must be traversable by the server's OS user; the folder itself is private.
    await mkdir(dirname(dataDir), { recursive: true, mode: 0o755 });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const pwFile = join(dirname(dataDir), `.pgpass-init-${process.pid}`);
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (this.osUser) {
      await chown(dataDir, this.osUser.uid, this.osUser.gid);
      await chown(pwFile, this.osUser.uid, this.osUser.gid);
    }
    await chmod(dataDir, 0o700);
    try {
      await this.run(this.binaries.initdb, [
        `--pgdata=${dataDir}`,
        "--username=postgres",
        `--pwfile=${pwFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-instructions",
      ]);
    } finally {
      await rm(pwFile, { force: true });
    }
    if (this.options.trustRolesMatching) {
      const hba = join(dataDir, "pg_hba.conf");
      const rule = `host all /${this.options.trustRolesMatching} 127.0.0.1/32 trust\n`;
      await writeFile(hba, rule + (await readFile(hba, "utf8")));
    }
  }

  private run(command: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { ...this.spawnOptions(), stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${output.trim().slice(-2000)}`)),
      );
    });
  }

  private launch(): Promise<void> {
    const { dataDir, port, ephemeral } = this.options;
    const settings = [
      "listen_addresses=127.0.0.1",
      "unix_socket_directories=",
      "max_connections=300",
      ...(ephemeral ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
    ];
    const args = ["-D", dataDir, "-p", String(port), ...settings.flatMap((setting) => ["-c", setting])];
    const server = spawn(this.binaries.postgres, args, { ...this.spawnOptions(), stdio: ["ignore", "ignore", "pipe"] });
    this.server = server;
    keepTrackOf(server);
    return new Promise((resolve, reject) => {
      let log = "";
      const timer = setTimeout(() => {
        server.kill("SIGKILL");
        reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms: ${log.slice(-2000)}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes(READY)) {
          clearTimeout(timer);
          server.stderr?.off("data", onData);
          server.stderr?.resume(); // keep draining so the server never blocks on a full pipe
          resolve();
        }
      };
      server.stderr?.on("data", onData);
      server.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited (code ${code}) while starting: ${log.trim().slice(-2000)}`));
      });
      server.once("error", reject);
    });
  }
}
