import { DelayingProxy, type ScratchDatabase } from "@bookstore/test-harness";
import pg from "pg";
import { DataSource, EntitySchema, type MixedList } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { ENTITIES } from "../../layers/orm/src/entities";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

// TypeORM's patch: DataSource#initialize builds the entity metadata while
// PostgreSQL's driver connects, when connecting asks the server nothing.
const publishedInitialize = require("../../layers/orm/test/typeorm-patches/data-source-initialize.js") as DataSource["initialize"];

// The server's answers held this long: connecting takes at least that.
const ANSWER_DELAY_MS = 100;

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let proxy: DelayingProxy;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  proxy = await DelayingProxy.start(database.appUrl, ANSWER_DELAY_MS, "answers");
});
afterAll(async () => {
  await proxy.close();
  await fileDatabase.drop();
});

/** An entity PostgreSQL refuses when the metadata is validated (a VIRTUAL generated column). */
const REFUSED_ENTITY = new EntitySchema({
  name: "Refused",
  columns: { id: { type: Number, primary: true, generated: true }, total: { type: "int", asExpression: "1", generatedType: "VIRTUAL" } },
});

interface Scenario {
  url: string;
  entities?: MixedList<Function | EntitySchema>;
  /** The server's version, database and search schema given in advance, as the layer gives them. */
  known?: boolean;
  published?: boolean;
}

interface Observed {
  /** "building" and "connected", in the order they happened. */
  order: string[];
  /** Whether the first connection's socket had connected when the metadata began to be built. */
  connectedWhenBuilding?: boolean;
  dataSource: DataSource;
  pools: pg.Pool[];
  outcome: { initialized: boolean } | { error: string };
}

async function initializeIn({ url, entities = ENTITIES, known = true, published = false }: Scenario): Promise<Observed> {
  const pools: pg.Pool[] = [];
  class RecordedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      pools.push(this);
    }
  }
  const dataSource = new DataSource({ type: "postgres", url, driver: { ...pg, Pool: RecordedPool }, entities, logging: false, installExtensions: false });
  const driver = dataSource.driver as PostgresDriver;
  if (known) {
    driver.version = "15.0";
    driver.searchSchema = "public";
  }
  const order: string[] = [];
  const observed: Observed = { order, dataSource, pools, outcome: { initialized: false } };
  const internals = dataSource as unknown as { buildMetadatas(): Promise<void> };
  const build = internals.buildMetadatas.bind(dataSource);
  internals.buildMetadatas = () => {
    order.push("building");
    const clients = (pools[0] as unknown as { _clients?: Array<{ connection: { stream: { connecting: boolean } } }> } | undefined)?._clients ?? [];
    observed.connectedWhenBuilding = clients.length > 0 && clients.every((client) => !client.connection.stream.connecting);
    return build();
  };
  const connect = driver.connect.bind(driver);
  driver.connect = async () => {
    await connect();
    order.push("connected");
  };
  try {
    await (published ? publishedInitialize.call(dataSource) : dataSource.initialize());
    observed.outcome = { initialized: dataSource.isInitialized };
  } catch (error) {
    observed.outcome = { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
  return observed;
}

/** What initialize leaves: the entities' tables and columns, what the driver knows, and an answer to a query. */
async function stateOf({ dataSource }: Observed) {
  const driver = dataSource.driver as PostgresDriver;
  const [answer] = (await dataSource.query("SELECT current_user = $1 AS ours", [database.appRole])) as Array<{ ours: boolean }>;
  return {
    initialized: dataSource.isInitialized,
    entities: dataSource.entityMetadatas.map((metadata) => [metadata.name, metadata.tablePath, metadata.columns.map((column) => column.databaseName)]),
    subscribers: dataSource.subscribers.length,
    driver: { version: driver.version, database: driver.database, searchSchema: driver.searchSchema, schema: driver.schema },
    answer,
  };
}

async function close({ dataSource, pools }: Observed): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
  await Promise.all(pools.filter((pool) => !pool.ending).map((pool) => pool.end()));
}

async function bothWays(scenario: Scenario): Promise<{ patched: Observed; published: Observed }> {
  const patched = await initializeIn(scenario);
  const published = await initializeIn({ ...scenario, published: true });
  return { patched, published };
}

describe("DataSource#initialize on PostgreSQL (TypeORM's patch)", () => {
  test("builds the metadata while the connection is made, once its first packets have left, and ends as published", async () => {
    const { patched, published } = await bothWays({ url: proxy.url(database.appUrl) });
    try {
      expect(patched.order).toEqual(["building", "connected"]);
      expect(patched.connectedWhenBuilding).toBe(true);
      expect(published.order).toEqual(["connected", "building"]);
      expect(patched.outcome).toEqual({ initialized: true });
      const state = await stateOf(patched);
      expect(state).toEqual(await stateOf(published));
      expect(state.answer).toEqual({ ours: true });
    } finally {
      await close(patched);
      await close(published);
    }
  });

  test("connects first when the driver must ask the server its version, database or schema", async () => {
    const { patched, published } = await bothWays({ url: proxy.url(database.appUrl), known: false });
    try {
      expect(patched.order).toEqual(["connected", "building"]);
      expect(await stateOf(patched)).toEqual(await stateOf(published));
    } finally {
      await close(patched);
      await close(published);
    }
  });

  test("a connection refused is thrown as published, and nothing is left initialized", async () => {
    // Nothing listens on port 1.
    const { patched, published } = await bothWays({ url: "postgres://nobody:x@127.0.0.1:1/none" });
    expect(patched.outcome).toEqual(published.outcome);
    expect(patched.outcome).toEqual({ error: expect.stringMatching(/ECONNREFUSED/) });
    expect(patched.dataSource.isInitialized).toBe(false);
    await close(patched);
    await close(published);
  });

  test("metadata PostgreSQL refuses is thrown as published once connected, and the pool is ended", async () => {
    const { patched, published } = await bothWays({ url: proxy.url(database.appUrl), entities: [...ENTITIES, REFUSED_ENTITY] });
    expect(patched.outcome).toEqual(published.outcome);
    expect(patched.outcome).toEqual({ error: expect.stringMatching(/VIRTUAL, but Postgres supports only STORED/) });
    expect(patched.order).toEqual(["building", "connected"]);
    expect(patched.dataSource.isInitialized).toBe(false);
    expect(patched.pools.map((pool) => pool.ending)).toEqual([true]);
    await close(patched);
    await close(published);
  });

  test("when both fail, the connection's failure is the one thrown, as published", async () => {
    const { patched, published } = await bothWays({ url: "postgres://nobody:x@127.0.0.1:1/none", entities: [...ENTITIES, REFUSED_ENTITY] });
    expect(patched.outcome).toEqual(published.outcome);
    expect(patched.outcome).toEqual({ error: expect.stringMatching(/ECONNREFUSED/) });
    await close(patched);
    await close(published);
  });
});
