import { buildDataSource, resolveConnectionSettings, resolveConnectionTuning, type VariableSource } from "@bookstore/orm";

/**
 * What TypeORM's schema builder would still change to make the database
 * match the entities: nothing, when the migrations and the entities
 * describe the same schema; otherwise the statements a `generate` would
 * write.
 */
export async function schemaDrift(env: VariableSource): Promise<string[]> {
  const dataSource = buildDataSource({ settings: await resolveConnectionSettings(env), tuning: resolveConnectionTuning(env) });
  await dataSource.initialize();
  try {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    return upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}
