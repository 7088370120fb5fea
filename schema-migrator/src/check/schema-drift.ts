import { buildDataSource, resolveConnectionSettings, resolveConnectionTuning, type VariableSource } from "@bookstore/orm";

/**
 * What TypeORM's schema builder would still change to make the database
 * match the entities, each way: nothing, when the migrations and the
 * entities describe the same schema; otherwise the statements a migration
 * would need (`down` newest first, as it would run).
 */
export async function schemaDrift(env: VariableSource): Promise<{ up: string[]; down: string[] }> {
  const dataSource = buildDataSource({ settings: await resolveConnectionSettings(env), tuning: resolveConnectionTuning(env) });
  await dataSource.initialize();
  try {
    const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
    return { up: upQueries.map((query) => query.query), down: downQueries.map((query) => query.query).reverse() };
  } finally {
    await dataSource.destroy();
  }
}
