import type { DataSource } from "typeorm";
import type { ConnectionSettings } from "./connection-settings";
import { buildDataSource } from "./create-data-source";
import { explainConnectionFailure } from "./explain-connection-failure";
import { resolveConnectionSettings, resolveConnectionTuning } from "./resolve-connection-settings";
import { buildDataApiDataSource } from "../data-api/build-data-api-data-source";
import { chooseTransport, readDataApiSettings } from "../data-api/data-api-settings";

let opening: Promise<DataSource> | undefined;
let opened: DataSource | undefined;
let settingsInUse: ConnectionSettings | undefined;

async function openOverDataApi(): Promise<DataSource> {
  const dataSource = buildDataApiDataSource(readDataApiSettings(process.env));
  // Builds the entity metadata; the Data API needs no connection opened.
  await dataSource.initialize();
  return dataSource;
}

async function open(): Promise<DataSource> {
  if (chooseTransport(process.env) === "data-api") return openOverDataApi();
  const settings = await resolveConnectionSettings();
  const tuning = resolveConnectionTuning();
  settingsInUse = settings;
  const dataSource = buildDataSource({ settings, tuning });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw explainConnectionFailure(error, settings, tuning);
  }
  return dataSource;
}

/**
 * The process's one DataSource. The promise is cached, so concurrent first
 * callers share a single initialization; a failed one is forgotten, so the
 * next call (the next invocation of the container) tries again.
 */
export function getDataSource(): Promise<DataSource> {
  if (!opening) {
    const attempt = open();
    opening = attempt;
    attempt.then(
      (dataSource) => {
        if (opening === attempt) opened = dataSource;
      },
      () => {
        if (opening === attempt) opening = undefined;
      },
    );
  }
  return opening;
}

/** The DataSource getDataSource resolves to, once it has: what a caller can use without awaiting. */
export function openedDataSource(): DataSource | undefined {
  return opened;
}

/**
 * Starts connecting without waiting, from a handler module's top level, so
 * the work overlaps the Lambda init phase. Failures surface on first use.
 */
export function warmUpDataSource(): void {
  getDataSource().catch(() => undefined);
}

/** Asks the settings source for fresh credentials; true when they changed. */
export async function refreshCredentials(): Promise<boolean> {
  return (await settingsInUse?.refreshCredentials?.()) ?? false;
}

/** Closes the pool and forgets the DataSource; the next use opens a new one. */
export async function closeDataSource(): Promise<void> {
  const closing = opening;
  opening = undefined;
  opened = undefined;
  const dataSource = await closing?.catch(() => undefined);
  if (dataSource?.isInitialized) {
    await dataSource.destroy();
  }
}
