import { migrate } from "./migrate";
import { parseAction } from "./parse-action";
import type { MigrationReport } from "./run-migrations";

/**
 * Invoked by the deploy trigger (no payload: apply pending migrations) and
 * by the database team: `aws lambda invoke --payload '{"action":"status"}'`.
 * A failure throws, which fails the invocation and with it the deploy.
 */
export async function handler(event: { action?: unknown } | null | undefined): Promise<MigrationReport> {
  const action = parseAction(event?.action ?? "up");
  const report = await migrate(action, {
    onProgress: (progress) => console.log(JSON.stringify({ message: "migration", ...progress })),
  });
  console.log(JSON.stringify({ message: "migrations finished", ...report }));
  return report;
}
