import { DataSource, type MixedList } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { ENTITIES } from "../entities";
import type { ConnectionSettings, ConnectionTuning } from "./connection-settings";
import { setConnectionTypeParsers } from "./connection-type-parsers";
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
    driver: createHealingPgDriver(tuning.maxIdleMs, { onConnect: (client) => setConnectionTypeParsers(client, tuning.dialect) }),
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
