import { DatabaseUnavailableError, environment } from "@bookstore/orm";
import { migrate } from "./migrate";
import { parseAction } from "./parse-action";
import type { MigrationReport } from "./run-migrations";

const log = (fields: object) => console.log(JSON.stringify(fields));

/**
 * At deploy time the proxy may still be registering its target, or the
 * writer resuming from zero capacity: keep trying to connect for
 * MIGRATOR_CONNECT_PATIENCE_MS.
 */
async function migrateWhenReachable(action: ReturnType<typeof parseAction>, force: boolean): Promise<MigrationReport> {
  const deadline = Date.now() + environment().get("MIGRATOR_CONNECT_PATIENCE_MS");
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await migrate(action, {
        force,
        onProgress: (progress) => log({ message: "migration", ...progress }),
        onWaiting: (detail) => log({ message: "waiting", detail }),
      });
    } catch (error) {
      const retryable = error instanceof DatabaseUnavailableError && error.reason !== "authentication";
      if (!retryable || Date.now() > deadline) throw error;
      log({ message: "database not reachable yet, retrying", attempt, error: error.message });
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * 2 ** attempt, 15_000)));
    }
  }
}

/**
 * Invoked by the deploy trigger (no payload: apply pending migrations) and
 * by the database team: `aws lambda invoke --payload '{"action":"status"}'`
 * (`{"action":"down","force":true}` reverts even when rows would be lost).
 * A failure throws, which fails the invocation and with it the deploy.
 */
export async function handler(event: { action?: unknown; force?: unknown } | null | undefined): Promise<MigrationReport> {
  const action = parseAction(event?.action ?? "up");
  const report = await migrateWhenReachable(action, event?.force === true);
  log({ message: "migrations finished", ...report });
  return report;
}
