import { AsyncLocalStorage } from "node:async_hooks";

const deadlines = new AsyncLocalStorage<number>();

/**
 * Runs `work` with a deadline (epoch milliseconds) by which an answer must
 * be on its way: the handler sets it from the invocation's remaining time,
 * and the layer's retries stop in time to answer before it.
 */
export function withWorkDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return deadlines.run(deadline, work);
}

/** The deadline of the work being run, if its caller set one. */
export function workDeadline(): number | undefined {
  return deadlines.getStore();
}
