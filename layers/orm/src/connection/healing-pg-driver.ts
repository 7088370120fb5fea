import pg from "pg";

type Callback = (error: Error | undefined, client: pg.PoolClient | undefined, release: (error?: Error) => void) => void;

// Anything idle for less than this cannot have missed a close during a freeze.
const FREEZE_SUSPECT_MS = 1_000;
// A server that ends every session as it starts is down for this unit of work: say so instead of connecting again and again.
const DEAD_AS_LENT_LIMIT = 3;

const lastReleasedAt = new WeakMap<pg.PoolClient, number>();
const connectedAt = new WeakMap<pg.Client, number>();

/** pg-pool's own test for a client it must not hand out again. */
function isUsable(client: pg.PoolClient): boolean {
  const state = client as unknown as { _ending?: boolean; _queryable?: boolean };
  return state._ending !== true && state._queryable !== false;
}

/**
 * Listens to a lent client's errors for the whole loan. pg-pool takes its
 * own listener off a client as it lends it, and the borrower (TypeORM's
 * query runner) adds one only some microtasks later: an error the server
 * sent in the same read as the connection's readiness (a FATAL when it was
 * terminated at once) would come in between with nobody listening, an
 * unhandled 'error' event that ends the process. The client is then no
 * longer queryable, which acquireUsable checks before lending it.
 */
function heardDuringLoan(): void {}

/** What whyNotReusableNow says of a connection only a turn of the event loop can clear: one idle long enough to have missed a close. */
export const MAY_HAVE_MISSED_A_CLOSE = Symbol("may have missed a close");

/** A pool whose rules for a connection that has been idle can be asked of a connection held outside it. */
export interface HealingPool {
  /** Why `client`, idle since `idleSince`, must not be used again; undefined when it may. */
  whyNotReusable(client: pg.PoolClient, idleSince: number): Promise<string | undefined>;
  /** whyNotReusable's answer where it can be given without waiting, else MAY_HAVE_MISSED_A_CLOSE. */
  whyNotReusableNow(client: pg.PoolClient, idleSince: number): string | undefined | typeof MAY_HAVE_MISSED_A_CLOSE;
}

const healingPools = new WeakSet<object>();

export function isHealingPool(pool: unknown): pool is HealingPool {
  return typeof pool === "object" && pool !== null && healingPools.has(pool);
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
 * A connection past the pool's maxLifetimeSeconds is not reused either.
 * `onConnect` sets up each new connection before it is first lent.
 */
export function createHealingPgDriver(maxIdleMs: number, { onConnect }: { onConnect?: (client: pg.PoolClient) => void } = {}): typeof pg {
  class Pool extends pg.Pool implements HealingPool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      healingPools.add(this);
      this.on("connect", (client: pg.PoolClient) => {
        connectedAt.set(client, Date.now());
        onConnect?.(client);
      });
      this.on("acquire", (client: pg.PoolClient) => {
        client.on("error", heardDuringLoan);
      });
      this.on("release", (_error: Error | undefined, client: pg.PoolClient) => {
        client.off("error", heardDuringLoan);
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

    whyNotReusableNow(client: pg.PoolClient, idleSince: number): string | undefined | typeof MAY_HAVE_MISSED_A_CLOSE {
      const now = Date.now();
      const lifetimeMs = (this.options.maxLifetimeSeconds ?? 0) * 1_000;
      if (lifetimeMs > 0 && now - (connectedAt.get(client) ?? now) > lifetimeMs) return "connection past its lifetime";
      const idleMs = now - idleSince;
      if (idleMs > maxIdleMs) return `connection idle for ${idleMs} ms`;
      return idleMs > FREEZE_SUSPECT_MS ? MAY_HAVE_MISSED_A_CLOSE : undefined;
    }

    async whyNotReusable(client: pg.PoolClient, idleSince: number): Promise<string | undefined> {
      const verdict = this.whyNotReusableNow(client, idleSince);
      if (verdict !== MAY_HAVE_MISSED_A_CLOSE) return verdict;
      // The second turn comes after a poll phase, which reads any close
      // that arrived while the container was frozen (heard while on loan).
      await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
      return isUsable(client) ? undefined : "connection closed while idle";
    }

    private async acquireUsable(): Promise<pg.PoolClient> {
      for (let deadAsLent = 0; ; ) {
        const client = await super.connect();
        if (!isUsable(client)) {
          client.release(new Error("connection closed as it was lent, replaced"));
          deadAsLent += 1;
          if (deadAsLent === DEAD_AS_LENT_LIMIT) throw new Error(`Connection terminated as it was lent, ${DEAD_AS_LENT_LIMIT} times in a row`);
          continue;
        }
        const releasedAt = lastReleasedAt.get(client);
        if (releasedAt === undefined) return client;
        const unusable = await this.whyNotReusable(client, releasedAt);
        if (!unusable) return client;
        client.release(new Error(`${unusable}, replaced`));
      }
    }
  }
  return { ...pg, Pool } as typeof pg;
}
