import { Worker } from "node:worker_threads";

// A thread that sleeps until each action's due time (Atomics.wait takes
// fractions of a millisecond) and then hands it back, in the order given.
const SLEEPER = `
const { parentPort } = require("node:worker_threads");
const cell = new Int32Array(new SharedArrayBuffer(4));
parentPort.on("message", ({ id, due }) => {
  const wait = due - (performance.timeOrigin + performance.now());
  if (wait > 0) Atomics.wait(cell, 0, 0, wait);
  parentPort.postMessage(id);
});
`;

const now = () => performance.timeOrigin + performance.now();

/**
 * Runs actions a fixed time after they are given, in order, to within
 * ≈0.2 ms: a timer never fires sooner than the next whole millisecond of the
 * event loop's clock, which makes a 1 ms delay anything from 1 to 2 ms.
 */
export class PreciseDelay {
  private sleeper: Worker | undefined;
  private readonly pending = new Map<number, () => void>();
  private nextId = 0;

  constructor(private readonly delayMs: number) {}

  /** Runs `action` `delayMs` from now; at once when the delay is 0. */
  run(action: () => void): void {
    if (this.delayMs <= 0) return action();
    const id = this.nextId++;
    this.pending.set(id, action);
    this.started().postMessage({ id, due: now() + this.delayMs });
  }

  async close(): Promise<void> {
    this.pending.clear();
    await this.sleeper?.terminate();
    this.sleeper = undefined;
  }

  private started(): Worker {
    if (this.sleeper) return this.sleeper;
    const sleeper = new Worker(SLEEPER, { eval: true });
    sleeper.on("message", (id: number) => {
      const action = this.pending.get(id);
      this.pending.delete(id);
      action?.();
    });
    // A proxy left open must not keep its process alive.
    sleeper.unref();
    this.sleeper = sleeper;
    return sleeper;
  }
}
