import { DatabaseUnavailableError, runOnConnection } from "@bookstore/orm";
import { useProxiedFileDatabase } from "../support/proxied-file-database";
import { TerminateOnReadyProxy } from "../support/terminate-on-ready-proxy";

const files = useProxiedFileDatabase();

/** The layer's connections go through a proxy that terminates the first `count` sessions as they become ready. */
function terminatingFirst(count: number): Promise<TerminateOnReadyProxy> {
  return files.through((appUrl) => TerminateOnReadyProxy.start(appUrl, count));
}

/** Runs `work`, collecting any exception no one handled meanwhile (in Lambda, the container's crash). */
async function withUncaughtCollected<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; uncaught: unknown[] }> {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.prependListener("uncaughtException", onUncaught);
  try {
    const [outcome] = await Promise.allSettled([work()]);
    return { outcome: outcome!, uncaught };
  } finally {
    process.removeListener("uncaughtException", onUncaught);
  }
}

describe("a connection the server terminates as the pool lends it", () => {
  // The FATAL comes in the same read as the session's readiness: between the
  // pool taking its listener off and TypeORM adding its own. Unheard, that
  // 'error' event would end the process (a container's crash in Lambda).
  test("is heard, not lent, and the work runs on a fresh one", async () => {
    const terminating = await terminatingFirst(1);
    const { outcome, uncaught } = await withUncaughtCollected(() => runOnConnection("read", (manager) => manager.query("SELECT 1 AS one")));
    expect(outcome).toEqual({ status: "fulfilled", value: [{ one: 1 }] });
    expect(uncaught).toEqual([]);
    expect(terminating.sessionsTerminated).toBe(1);
  });

  test("every time, a few times in a row, is reported as the database unavailable instead of connecting again without end", async () => {
    const terminating = await terminatingFirst(1_000);
    const { outcome, uncaught } = await withUncaughtCollected(() => runOnConnection("read", (manager) => manager.query("SELECT 1 AS one")));
    expect(outcome.status).toBe("rejected");
    expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
    expect(uncaught).toEqual([]);
    // Three sessions for the attempt and three for its one retry.
    expect(terminating.sessionsTerminated).toBe(6);
  });
});
