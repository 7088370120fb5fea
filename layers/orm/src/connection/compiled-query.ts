import type { QueryResult } from "pg";
import { QueryFailedError, type DataSource, type EntityManager, type ObjectLiteral, type QueryBuilder } from "typeorm";

// Stand-ins are strings that no request can carry (NUL is rejected by the
// API and by PostgreSQL), so TypeORM passes them through as it would a
// value, even where it treats objects as related entities.
const MARKER = /^\u0000compiled-query:(.+)\u0000$/;
const marker = (name: string) => `\u0000compiled-query:${name}\u0000`;

interface Plan {
  sql: string;
  /** The parameter name behind each positional placeholder ($1, $2, …). */
  order: string[];
}

export interface QueryOutcome<Row> {
  rows: Row[];
  /** Rows an UPDATE or DELETE touched. */
  affected: number;
}

export type CompiledQuery<Parameters extends Record<string, unknown>, Row> = (
  manager: EntityManager,
  parameters: Parameters,
) => Promise<QueryOutcome<Row>>;

/**
 * A query written with TypeORM's query builder whose SQL is generated once
 * per shape and then only run with new values. Building SQL (metadata
 * walks, name escaping, placeholder rewriting) is most of what the ORM
 * costs on a request; the statement the database gets is the same.
 *
 * `build` receives stand-ins for the parameters: every value bound in the
 * query must be one of them (a value of its own fails at compile time, so
 * no request value is ever cached in the SQL text). Parameters left
 * undefined are absent: `build` may leave out their conditions, and each
 * combination of present parameters is its own shape. Parameters named in
 * `bake` are given to `build` as they are — whole numbers only, for what
 * SQL cannot bind, such as LIMIT — and each value is a shape too.
 */
export function compileQuery<Parameters extends Record<string, unknown>, Row = ObjectLiteral>(
  build: (manager: EntityManager, parameters: Parameters) => QueryBuilder<ObjectLiteral>,
  { bake = [] }: { bake?: ReadonlyArray<keyof Parameters & string> } = {},
): CompiledQuery<Parameters, Row> {
  const plans = new WeakMap<DataSource, Map<string, Plan>>();

  const compile = (manager: EntityManager, present: string[], parameters: Parameters): Plan => {
    const markers = Object.fromEntries(present.map((name) => [name, bake.includes(name) ? parameters[name] : marker(name)]));
    const [sql, values] = build(manager, markers as Parameters).getQueryAndParameters();
    const order = values.map((value, index) => {
      const name = typeof value === "string" ? MARKER.exec(value)?.[1] : undefined;
      if (!name) throw new Error(`compiled query: placeholder $${index + 1} is not one of the parameters`);
      return name;
    });
    return { sql, order };
  };

  return async (manager, parameters) => {
    const present = Object.keys(parameters)
      .filter((name) => parameters[name] !== undefined)
      .sort();
    for (const name of bake) {
      if (!Number.isSafeInteger(parameters[name])) throw new Error(`compiled query: baked parameter ${name} must be a whole number`);
    }
    const shape = present.map((name) => (bake.includes(name) ? `${name}=${String(parameters[name])}` : name)).join(",");
    let byShape = plans.get(manager.connection);
    if (!byShape) plans.set(manager.connection, (byShape = new Map()));
    let plan = byShape.get(shape);
    if (!plan) byShape.set(shape, (plan = compile(manager, present, parameters)));

    const runner = manager.queryRunner;
    if (!runner) throw new Error("compiled query: run it inside runUnitOfWork");
    const values = plan.order.map((name) => parameters[name]);
    // Straight to the runner's pg client: TypeORM's query wrapper (query
    // events, logging, result reshaping) is a third of the ORM's cost on a
    // request. Failures are wrapped as TypeORM wraps them, so callers
    // classify them alike.
    const client = (await runner.connect()) as { query(sql: string, values: unknown[]): Promise<QueryResult> };
    try {
      const result = await client.query(plan.sql, values);
      return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
    } catch (error) {
      throw new QueryFailedError(plan.sql, values, error as Error);
    }
  };
}
