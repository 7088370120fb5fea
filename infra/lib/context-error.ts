/** A `-c` setting with a value the app does not take: told in one line, no stack trace. */
export class ContextError extends Error {
  override readonly name = "ContextError";
}
