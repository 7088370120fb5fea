import pg from "pg";
import { DataSource, type MixedList } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { ENTITIES } from "../entities";
import type { ConnectionSettings, ConnectionTuning } from "./connection-settings";
import { createHealingPgDriver } from "./healing-pg-driver";

export interface DataSourceParts {
  settings: ConnectionSettings;
  tuning: ConnectionTuning;
  /** Migration classes; only the schema migrator passes any. */
  migrations?: MixedList<Function>;
}

// Beyond the server's statement timeout, so the server cancels first and
// this only fires when the server or the network stopped answering.
const CLIENT_TIMEOUT_MARGIN_MS = 1_000;

// DSQL's keys are BIGINT (the only identity it has); pg returns int8 as a
// string, but the entities' ids are numbers within the API's integer range.
// Set on each connection as it connects rather than as a `types` object of
// our own: pg's patch keeps a row shape's parsers for a connection's own
// types, never for a caller's object.
const INT8_OID = 20;
const parseInt8AsNumber = (client: pg.PoolClient) => client.setTypeParser(INT8_OID, "text", (value: string) => Number(value));
const DSQL_CONNECTION = {
  // DSQL ends a connection after 60 minutes; replace it well before.
  maxLifetimeSeconds: 55 * 60,
  // And no startup parameter: DSQL refuses all but a short list (see the
  // DSQL rules in the schema migrator). The local DSQL-shaped database gets
  // its stricter isolation from the local setup, never from the layer.
};

export function buildDataSource({ settings, tuning, migrations = [] }: DataSourceParts): DataSource {
  const dataSource = new DataSource({
    type: "postgres",
    driver: createHealingPgDriver(tuning.maxIdleMs, tuning.dialect === "dsql" ? { onConnect: parseInt8AsNumber } : {}),
    // pg-native is never used; `false` stops TypeORM from probing for it.
    nativeDriver: false,
    host: settings.host,
    port: settings.port,
    username: settings.user,
    password: settings.password,
    database: settings.database,
    ssl: settings.ssl,
    applicationName: tuning.applicationName,
    connectTimeoutMS: tuning.connectTimeoutMs,
    poolSize: tuning.poolSize,
    entities: ENTITIES,
    migrations,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logging: false,
    // An idle connection closed by the server or the proxy is dropped by the
    // pool and replaced on next use; nothing to report.
    poolErrorHandler: () => undefined,
    extra: {
      ...(tuning.dialect === "dsql" ? DSQL_CONNECTION : {}),
      query_timeout: tuning.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
      idleTimeoutMillis: tuning.maxIdleMs,
      keepAlive: true,
      allowExitOnIdle: true,
    },
  });
  if (tuning.serverVersion) {
    // Known in advance (the deployed engine's version, schema public):
    // initialize() then skips asking for them, two round trips before the
    // first request of every container, and builds the entity metadata
    // while it connects (TypeORM's patch).
    const driver = dataSource.driver as PostgresDriver;
    driver.version = tuning.serverVersion;
    driver.searchSchema = "public";
  }
  return dataSource;
}
