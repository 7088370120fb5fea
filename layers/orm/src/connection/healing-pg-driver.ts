import pg from "pg";

type Callback = (error: Error | undefined, client: pg.PoolClient | undefined, release: (error?: Error) => void) => void;

// Anything idle for less than this cannot have missed a close during a freeze.
const FREEZE_SUSPECT_MS = 1_000;

const lastReleasedAt = new WeakMap<pg.PoolClient, number>();

/** pg-pool's own test for a client it must not hand out again. */
function isUsable(client: pg.PoolClient): boolean {
  const state = client as unknown as { _ending?: boolean; _queryable?: boolean };
  return state._ending !== true && state._queryable !== false;
}

/**
 * The pg module TypeORM is given as its driver, with a pool that checks a
 * connection before lending it out. Two ways a pooled connection dies
 * unnoticed inside Lambda:
 * - the container was frozen while the proxy or the database closed it: the
 *   close is queued on the socket when the container thaws, so letting the
 *   event loop read its sockets once shows it before we write to a dead one;
 * - the network path silently dropped a flow idle for minutes (the 350 s
 *   idle timeout of Lambda's VPC networking): no event ever comes, so a
 *   connection idle longer than `maxIdleMs` is replaced unasked.
 */
export function createHealingPgDriver(maxIdleMs: number): typeof pg {
  class HealingPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      this.on("release", (_error: Error | undefined, client: pg.PoolClient) => {
        lastReleasedAt.set(client, Date.now());
      });
    }

    // TypeORM calls the callback form; callers of pg itself use the promise.
    override connect(): Promise<pg.PoolClient>;
    override connect(callback: Callback): void;
    override connect(callback?: Callback): Promise<pg.PoolClient> | void {
      const acquired = this.acquireUsable();
      if (!callback) return acquired;
      acquired.then(
        (client) => callback(undefined, client, client.release),
        (error: Error) => callback(error, undefined, () => undefined),
      );
    }

    private async acquireUsable(): Promise<pg.PoolClient> {
      for (;;) {
        const client = await super.connect();
        const releasedAt = lastReleasedAt.get(client);
        if (releasedAt === undefined) return client;
        const idleMs = Date.now() - releasedAt;
        if (idleMs > maxIdleMs) {
          client.release(new Error(`connection idle for ${idleMs} ms, replaced`));
          continue;
        }
        if (idleMs > FREEZE_SUSPECT_MS) {
          // Checked out, the client has no pool listener: an error the
          // server sent meanwhile (a FATAL on termination) must not go unheard.
          let failed = false;
          const onError = () => {
            failed = true;
          };
          client.on("error", onError);
          // The second turn comes after a poll phase, which reads any close
          // that arrived while the container was frozen.
          await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
          client.off("error", onError);
          if (failed || !isUsable(client)) {
            client.release(new Error("connection closed while idle, replaced"));
            continue;
          }
        }
        return client;
      }
    }
  }
  return { ...pg, Pool: HealingPool } as typeof pg;
}
