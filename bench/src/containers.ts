import { fork, type ChildProcess } from "node:child_process";
import type { Invocation } from "@bookstore/local/invocation-event";
import { processOptions, type Service, type Variant } from "./variants";
import type { Primed } from "./priming";
import type { RunResult } from "./worker";

export interface Container {
  pid: number;
  loadMs: number;
  /** The Node.js version the container runs. */
  node: string;
  /** What priming the function took, when its variant primes it. */
  priming?: Primed;
  run(requests: Invocation[], repeat?: number): Promise<RunResult>;
  stop(): Promise<void>;
}

/** Starts one simulated container (a process) running `variant`'s handler for `service`. */
export function startContainer(workerScript: string, variant: Variant, service: Service): Promise<Container> {
  const child: ChildProcess = fork(workerScript, {
    env: { ...variant.env, BENCH_HANDLER: variant.handler(service), BENCH_SERVICE: service },
    execPath: variant.node,
    execArgv: processOptions(variant, service),
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`container exited (${code}) before it was ready`)));
    child.once("message", (message: { type: string; loadMs: number; node: string; priming?: Primed }) => {
      child.removeAllListeners("exit");
      resolve({
        pid: child.pid as number,
        loadMs: message.loadMs,
        node: message.node,
        priming: message.priming,
        run: (requests, repeat = 1) =>
          new Promise((done) => {
            child.once("message", (result: RunResult) => done(result));
            child.send({ type: "run", requests, repeat });
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.send({ type: "exit" });
          }),
      });
    });
  });
}

/** One container per service, each running `variant`. */
export async function startServiceContainers(workerScript: string, variant: Variant): Promise<Record<Service, Container>> {
  return { books: await startContainer(workerScript, variant, "books"), reviews: await startContainer(workerScript, variant, "reviews") };
}

/** Stops every container of the given sets. */
export async function stopServiceContainers(sets: Array<Record<Service, Container>>): Promise<void> {
  await Promise.all(sets.flatMap((set) => Object.values(set)).map((container) => container.stop()));
}
