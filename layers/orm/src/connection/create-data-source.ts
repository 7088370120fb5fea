import { DataSource, type MixedList } from "typeorm";
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

export function buildDataSource({ settings, tuning, migrations = [] }: DataSourceParts): DataSource {
  return new DataSource({
    type: "postgres",
    driver: createHealingPgDriver(tuning.maxIdleMs),
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
      query_timeout: tuning.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
      idleTimeoutMillis: tuning.maxIdleMs,
      keepAlive: true,
      allowExitOnIdle: true,
    },
  });
}
