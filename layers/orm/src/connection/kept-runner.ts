import type pg from "pg";
import type { DataSource, QueryRunner } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { isHealingPool, type HealingPool } from "./healing-pg-driver";

/**
 * The query runner a container keeps from one unit of work to the next,
 * with its connection checked out. Without it, every unit has TypeORM build
 * a query runner and its entity manager, and the pool lend and take back the
 * connection: about 5 % of what a warm `GET /book/{id}` executes.
 *
 * A container answers one invocation at a time, so its units follow one
 * another and the runner one leaves serves the next. A unit that starts
 * while another is running gets a runner of its own from the pool, and a
 * runner is kept only when no other unit is running: no unit ever waits for
 * a connection a kept runner holds. Before the kept runner is lent again,
 * its connection passes the pool's own checks for a connection that has
 * been idle (a close that arrived during a freeze, too long idle, past its
 * lifetime); one that fails is ended and a fresh runner taken from the pool.
 */
interface Kept {
  runner: QueryRunner;
  idleSince: number;
}

let kept: Kept | undefined;
let unitsRunning = 0;

function healingPoolOf(dataSource: DataSource): HealingPool | undefined {
  const pool: unknown = dataSource.isInitialized ? (dataSource.driver as Partial<PostgresDriver>).master : undefined;
  return isHealingPool(pool) ? pool : undefined;
}

/** Ends the runner's connection, so that the pool drops it on release instead of lending it again. */
async function discardConnection(runner: QueryRunner): Promise<void> {
  const client = (await runner.connect().catch(() => undefined)) as { end?: () => Promise<void> } | undefined;
  client?.end?.().catch(() => undefined);
}

/** The connection a runner holds, when it has one in hand (BaseQueryRunner's own field; without it, every lend takes the waiting path). */
function connectionInHand(runner: QueryRunner): pg.PoolClient | undefined {
  return (runner as unknown as { databaseConnection?: pg.PoolClient }).databaseConnection;
}

async function reusable({ runner, idleSince }: Kept, dataSource: DataSource): Promise<boolean> {
  const pool = healingPoolOf(dataSource);
  if (runner.connection !== dataSource || !pool) return false;
  const client = (await runner.connect()) as pg.PoolClient;
  return (await pool.whyNotReusable(client, idleSince)) === undefined;
}

/**
 * The kept runner, when it can be lent without waiting: its connection in
 * hand, used moments ago, passing the pool's checks at once. Otherwise
 * undefined, and borrowRunner decides. The common case of a warm container,
 * where every await would take a promise and a turn of the microtask queue.
 */
export function borrowKeptRunnerNow(dataSource: DataSource): QueryRunner | undefined {
  const candidate = kept;
  if (!candidate || candidate.runner.isReleased || candidate.runner.connection !== dataSource) return undefined;
  const pool = healingPoolOf(dataSource);
  const client = connectionInHand(candidate.runner);
  if (!pool || !client || pool.whyNotReusableNow(client, candidate.idleSince) !== undefined) return undefined;
  kept = undefined;
  unitsRunning += 1;
  return candidate.runner;
}

/** The runner for a unit of work on `dataSource`: the kept one when it is fit for use, else a new one. */
export async function borrowRunner(dataSource: DataSource): Promise<QueryRunner> {
  unitsRunning += 1;
  const candidate = kept;
  kept = undefined;
  try {
    // A kept runner released meanwhile (its connection failed, or the pool closed) has nothing left to end.
    if (candidate && !candidate.runner.isReleased) {
      if (await reusable(candidate, dataSource).catch(() => false)) return candidate.runner;
      await discardConnection(candidate.runner);
      await candidate.runner.release().catch(() => undefined);
    }
    return dataSource.createQueryRunner();
  } catch (error) {
    // No runner lent: no unit to wait for.
    unitsRunning -= 1;
    throw error;
  }
}

/**
 * Takes back a borrowed runner: kept for the next unit when its connection
 * is sound, no transaction is open on it and no other unit is running;
 * otherwise released to the pool, which drops the connection when `broken`
 * (a connection-class failure: dead, or still busy with a statement).
 * A promise only when the runner goes back to the pool, to be awaited.
 */
export function returnRunner(runner: QueryRunner, broken: boolean): Promise<void> | undefined {
  unitsRunning -= 1;
  if (!broken && healingPoolOf(runner.connection) && unitsRunning === 0 && !kept && !runner.isReleased && !runner.isTransactionActive) {
    kept = { runner, idleSince: Date.now() };
    return undefined;
  }
  return releaseToPool(runner, broken);
}

async function releaseToPool(runner: QueryRunner, broken: boolean): Promise<void> {
  if (broken) await discardConnection(runner);
  await runner.release();
}
