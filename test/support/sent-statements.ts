import { Client } from "pg";

/**
 * Records what this process sends to the database: every statement goes
 * through pg's Client#query (the real driver, only observed). `stop()` ends
 * the recording.
 */
export function recordStatements(): { sent: string[]; stop: () => void } {
  const sent: string[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push(typeof first === "string" ? first : (first?.text ?? "?"));
    return (original as (...params: unknown[]) => unknown).apply(this, args);
  } as never);
  return { sent, stop: () => spy.mockRestore() };
}
