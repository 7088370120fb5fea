import { spawn } from "node:child_process";
import { join } from "node:path";

export const PROJECT_ROOT = join(__dirname, "..", "..");

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's TypeScript entry points the way npm scripts do: `node --import tsx`. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { timeoutMs = 60_000, onStdout }: { timeoutMs?: number; onStdout?: (text: string) => void } = {},
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, script), ...args], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment of a child process: this one's, minus database settings, plus `extra`. */
export function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(DATABASE_URL|PG[A-Z]+|DB_[A-Z_]+|TEST_[A-Z_]+)$/.test(name)) delete env[name];
  }
  return { ...env, ...extra };
}
