import type { ConnectionSettings, ConnectionTuning, DataSource, ObjectLiteral, Repository } from "@bookstore/orm";

type EntityMetadata = DataSource["entityMetadatas"][number];

/** The ORM layer's exports, as `require` returns them from the built layer. */
export type OrmExports = typeof import("@bookstore/orm");

// Never connected: the data source only builds metadata and statements.
const OFFLINE_SETTINGS: ConnectionSettings = {
  source: "libpq",
  host: "localhost",
  port: 5432,
  database: "offline",
  user: "offline",
  ssl: false,
  blame: "the compile cache's offline data source",
};
const OFFLINE_TUNING: ConnectionTuning = {
  connectTimeoutMs: 1,
  statementTimeoutMs: 1,
  maxIdleMs: 1,
  poolSize: 1,
  applicationName: "orm-compile-cache",
  dialect: "postgres",
  serverVersion: "17",
};

// V8 compiles a function on its first call; a few calls also reach the paths a first call skips.
const ROUNDS = 3;

/** The statements of each kind a service sends for `metadata`'s entity, built and never sent. */
function buildStatements(repository: Repository<ObjectLiteral>, metadata: EntityMetadata): void {
  const byKey = Object.fromEntries(metadata.primaryColumns.map((column) => [column.propertyName, 1]));
  const relations = Object.fromEntries(metadata.relations.map((relation) => [relation.propertyName, true]));
  const order = Object.fromEntries(metadata.primaryColumns.map((column) => [column.propertyName, "ASC" as const]));
  const editable = metadata.columns.find((column) => !column.isPrimary && !column.isGenerated && !column.isVirtual);
  const statements = [
    repository.createQueryBuilder(metadata.name).setFindOptions({ where: byKey, relations }),
    repository.createQueryBuilder(metadata.name).setFindOptions({ order, take: 20 }),
    repository.createQueryBuilder().insert().values(repository.create()).returning("*"),
    repository.createQueryBuilder().delete().where(byKey),
    ...(editable ? [repository.createQueryBuilder().update().set({ [editable.propertyName]: null }).where(byKey).returning("*")] : []),
    ...(metadata.deleteDateColumn ? [repository.createQueryBuilder().softDelete().where(byKey)] : []),
  ];
  for (const statement of statements) statement.getQueryAndParameters();
}

/**
 * Runs the ORM through what a container's first requests run before the
 * database answers: a data source built as the layer builds it, each
 * entity's metadata, and each kind of statement for each entity.
 */
export async function exerciseOrm(orm: OrmExports): Promise<void> {
  const dataSource = orm.buildDataSource({ settings: OFFLINE_SETTINGS, tuning: OFFLINE_TUNING });
  // What initialize() does besides connecting; protected in TypeORM's typings.
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const metadata of dataSource.entityMetadatas) buildStatements(dataSource.getRepository(metadata.target), metadata);
  }
}
