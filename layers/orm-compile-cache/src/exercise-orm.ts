import type { ConnectionSettings, ConnectionTuning, DataSource, EntityManager, ObjectLiteral } from "@bookstore/orm";
import { startStandInPostgres, type ColumnShape, type TableShapes } from "./stand-in-postgres";

type EntityMetadata = DataSource["entityMetadatas"][number];

/** The ORM layer's exports, as `require` returns them from the built layer. */
export type OrmExports = typeof import("@bookstore/orm");

// Never connected: it only builds the entities' metadata, for the stand-in's tables.
const METADATA_ONLY: { settings: ConnectionSettings; tuning: ConnectionTuning } = {
  settings: { source: "libpq", host: "localhost", port: 5432, database: "offline", user: "offline", ssl: false, blame: "the compile cache's offline data source" },
  tuning: { connectTimeoutMs: 1, statementTimeoutMs: 1, maxIdleMs: 1, poolSize: 1, applicationName: "orm-compile-cache", dialect: "postgres", serverVersion: "17" },
};

// V8 compiles a function on its first call; a few calls also reach the paths a first call skips.
export const ROUNDS = 3;

/** The tables of `dataSource`'s entities as the stand-in answers them; a delete date is NULL, as on a row being shown. */
function tableShapes(dataSource: DataSource): TableShapes {
  return new Map(
    dataSource.entityMetadatas.map((metadata) => [
      metadata.tableName,
      new Map<string, ColumnShape>(
        metadata.columns.map((column) => [
          column.databaseName,
          { type: dataSource.driver.normalizeType(column), isNull: column.isDeleteDate },
        ]),
      ),
    ]),
  );
}

const keyOf = (metadata: EntityMetadata) => Object.fromEntries(metadata.primaryColumns.map((column) => [column.propertyName, 1]));

/** Each kind of read the services make, through the entity manager and the query builder. */
async function reads(manager: EntityManager, metadata: EntityMetadata, orm: OrmExports): Promise<void> {
  const target = metadata.target;
  const [key] = metadata.primaryColumns;
  const byKey = keyOf(metadata);
  const relations = Object.fromEntries(metadata.relations.map((relation) => [relation.propertyName, true]));
  await manager.find(target, { where: key ? { [key.propertyName]: orm.MoreThan(0) } : {}, order: key ? { [key.propertyName]: "ASC" } : {}, take: 20 });
  await manager.findOne(target, { where: byKey, relations });
  await manager.findOneBy(target, byKey);
  await manager.exists(target, { where: byKey, withDeleted: true });
  const joined = manager.createQueryBuilder(target, "entity");
  for (const relation of metadata.relations) joined.leftJoin(`entity.${relation.propertyName}`, relation.propertyName);
  if (key) joined.addSelect(`COUNT(entity.${key.propertyName})::int`, "count").where(`entity.${key.propertyName} = :key`, { key: 1 }).groupBy(`entity.${key.propertyName}`);
  await joined.getRawAndEntities();
}

/** Each kind of write the services make, run in a transaction (runInTransaction) as a conditional one is. */
async function writes(inTransaction: EntityManager, metadata: EntityMetadata): Promise<void> {
  const target = metadata.target;
  const byKey = keyOf(metadata);
  const editable = metadata.columns.find((column) => !column.isPrimary && !column.isGenerated && !column.isVirtual && !column.relationMetadata);
  const [key] = metadata.primaryColumns;
  if (key) {
    await inTransaction.createQueryBuilder(target, "locked").select(`locked.${key.propertyName}`).where(`locked.${key.propertyName} = :key`, { key: 1 }).setLock("pessimistic_write").getOne();
  }
  await inTransaction.createQueryBuilder().insert().into(target).values(inTransaction.create(target)).returning("*").execute();
  await inTransaction.insert(target, inTransaction.create(target) as ObjectLiteral);
  if (editable) {
    await inTransaction.createQueryBuilder().update(target).set({ [editable.propertyName]: null }).whereEntity(inTransaction.create(target, byKey)).returning("*").execute();
    await inTransaction.update(target, byKey, { [editable.propertyName]: null });
  }
  if (metadata.deleteDateColumn) await inTransaction.softDelete(target, byKey);
  await inTransaction.delete(target, byKey);
}

/** Runs `work` with the environment's `variables` set, then puts back what they were. */
async function withEnvironment<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Runs the ORM through what a container's first requests run, against a
 * stand-in PostgreSQL on a loopback port (no database is reached): the
 * layer's connection module opening its data source from the environment
 * (set for the run, whatever the process had), pg connecting and speaking
 * the extended query protocol, and for each entity each kind of read and
 * write the services make, rows hydrated into entities. Then `alsoRun`, in
 * the same environment with the stand-in still answering (a function's
 * first requests). Returns the statements the stand-in answered.
 */
export async function exerciseOrm(orm: OrmExports, alsoRun: () => Promise<void> = async () => undefined): Promise<string[]> {
  const metadataOnly = orm.buildDataSource(METADATA_ONLY);
  // What initialize() does besides connecting; protected in TypeORM's typings.
  await (metadataOnly as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const standIn = await startStandInPostgres(tableShapes(metadataOnly));
  const connection = {
    [orm.ENV.DB_TRANSPORT]: "pg",
    [orm.ENV.DB_AUTH]: "libpq",
    [orm.ENV.DB_DIALECT]: "postgres",
    [orm.ENV.DATABASE_URL]: `postgres://orm-compile-cache@127.0.0.1:${standIn.port}/orm-compile-cache?sslmode=disable`,
    [orm.ENV.DB_SERVER_VERSION]: METADATA_ONLY.tuning.serverVersion as string,
  };
  try {
    await withEnvironment(connection, async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const metadata of metadataOnly.entityMetadatas) {
          await orm.runOnConnection("read", (manager) => reads(manager, metadata, orm));
          await orm.runInTransaction((inTransaction) => writes(inTransaction, metadata));
        }
      }
      await alsoRun();
      await orm.closeDataSource();
    });
  } finally {
    await standIn.close();
  }
  return standIn.statements;
}
