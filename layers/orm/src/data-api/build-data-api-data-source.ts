import { DataSource, type MixedList } from "typeorm";
import { ENTITIES } from "../entities";
import type { DataApiSettings } from "./data-api-settings";

/**
 * A DataSource on TypeORM's `aurora-postgres` driver: every statement is an
 * HTTPS call to the RDS Data API (typeorm-aurora-data-api-driver on the SDK's
 * RDSDataClient). No connection to open, keep or heal. Loaded only in this
 * mode, so the pg transport never parses the driver or the SDK client.
 */
export function buildDataApiDataSource(settings: DataApiSettings, migrations: MixedList<Function> = []): DataSource {
  const { credentials } = settings;
  return new DataSource({
    type: "aurora-postgres",
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    driver: require("typeorm-aurora-data-api-driver"),
    region: settings.region,
    resourceArn: settings.resourceArn,
    secretArn: settings.secretArn,
    database: settings.database,
    serviceConfigOptions: {
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      // Retries are the layer's decision (runOnConnection), not the SDK's.
      maxAttempts: 1,
    },
    formatOptions: { castParameters: true, treatJsonAsString: false },
    entities: ENTITIES,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  });
}
