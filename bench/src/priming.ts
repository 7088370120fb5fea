// What a SnapStart image's init could do before Lambda takes the snapshot:
// answer requests against the compile cache's stand-in PostgreSQL until V8
// has optimized the request path, then close the connection, so that a
// restored container opens its own to the database. The bench runs it in a
// worker before the worker says it is ready.
import type { APIGatewayProxyResult, Context } from "aws-lambda";
import { createRequire } from "node:module";
import type { OrmExports } from "@bookstore/orm-compile-cache/exercise-orm";
import { invocationEvent, type Invocation } from "@bookstore/local/invocation-event";
import type { Service } from "./variants";
import type { BenchRoute } from "./warm-routes";

/** Set in a project worker's environment (JSON of a Priming), it primes the function before it is ready. */
export const PRIMING_VARIABLE = "BENCH_PRIMING";

export interface Priming {
  /** Times each request is answered. */
  rounds: number;
  /** Each service's function answers its own. */
  requests: Partial<Record<Service, Invocation[]>>;
}

export interface Primed {
  ms: number;
  /** How many priming answers had each status code. */
  statuses: Record<number, number>;
  /** How many statements the stand-in answered. */
  statements: number;
}

export type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Answers each of `requests` `rounds` times with `handler` against the
 * stand-in; exerciseOrm then leaves `orm` (the layer the handler uses) with
 * no connection open: the next request opens one from the environment.
 */
export async function primeFunction(handler: Handler, orm: OrmExports, requests: Invocation[], rounds: number, contextOf: (requestId: string) => Context): Promise<Primed> {
  // Required here: a worker that does not prime loads none of it.
  const { exerciseOrm } = require("@bookstore/orm-compile-cache/exercise-orm") as typeof import("@bookstore/orm-compile-cache/exercise-orm");
  const started = performance.now();
  const statuses: Record<number, number> = {};
  // The function opened its connection to the database as it loaded; the stand-in gets one of its own.
  await orm.closeDataSource();
  const statements = await exerciseOrm(orm, async () => {
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, request] of requests.entries()) {
        const requestId = `priming-${round}-${index}`;
        const { statusCode } = await handler(invocationEvent({ ...request, requestId }), contextOf(requestId));
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      }
    }
  });
  return { ms: performance.now() - started, statuses, statements: statements.length };
}

/** Primes the function at `handlerPath` (loaded as the worker loaded it) with `service`'s requests. */
export function prime(handlerPath: string, service: Service, { rounds, requests }: Priming, contextOf: (requestId: string) => Context): Promise<Primed> {
  const functionRequire = createRequire(handlerPath);
  const { handler } = functionRequire(handlerPath) as { handler: Handler };
  // The layer's copy, as the function finds it: the module whose connection it uses.
  const orm = functionRequire("@bookstore/orm") as OrmExports;
  return primeFunction(handler, orm, requests[service] ?? [], rounds, contextOf);
}

/** Priming with `routes`' requests, each function its own, each answered `rounds` times. */
export function primingWith(routes: BenchRoute[], rounds: number): Priming {
  const requests: Partial<Record<Service, Invocation[]>> = {};
  for (const { service, request } of routes) (requests[service] ??= []).push(request);
  return { rounds, requests };
}
