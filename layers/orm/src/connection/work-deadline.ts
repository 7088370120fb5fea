let deadline: number | undefined;

/**
 * When the answer to the invocation being served must be on its way (epoch
 * milliseconds): the handler sets it from the invocation's remaining time,
 * and the layer's retries stop in time to answer before it. One value per
 * process, as Lambda runs one invocation per process at a time, cleared
 * when the invocation ends; a process serving several at once (npm start)
 * shares the latest, which only moves the others' budget a little. (An
 * AsyncLocalStorage would keep them apart, at a measurable cost on every
 * promise of every request.)
 */
export function setWorkDeadline(at: number | undefined): void {
  deadline = at;
}

/** The deadline of the invocation being served, if its handler set one. */
export function workDeadline(): number | undefined {
  return deadline;
}
