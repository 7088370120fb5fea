import { PgBouncer } from "@bookstore/test-harness";
import { laneVariable, openLane } from "../test-lane";

/** The integration suite again, every request of the API passing through PgBouncer in transaction mode. */
export default () =>
  openLane("pgbouncer", async (database, serverUrl) => {
    const bouncer = await PgBouncer.start({ serverUrl });
    process.env[laneVariable("pgbouncer", "POOLER_PORT")] = String(bouncer.port);
    return { appUrl: bouncer.through(database.appUrl), stop: () => bouncer.destroy() };
  });
