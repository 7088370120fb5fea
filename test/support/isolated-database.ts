import { closeDataSource } from "@bookstore/orm";
import { closeOwnerPool } from "./owner-database";
import { dataApiEnvironment, startLocalDataApi, type DataApiEndpoint } from "@bookstore/local";
import { createScratchDatabase, type ScratchDatabase } from "@bookstore/test-harness";

/** In the PgBouncer lane the API reaches every database through the pooler. */
function throughPooler(url: string): string {
  const poolerPort = process.env.TEST_POOLER_PORT;
  if (!poolerPort) return url;
  const rewritten = new URL(url);
  rewritten.hostname = "127.0.0.1";
  rewritten.port = poolerPort;
  return rewritten.toString();
}

/**
 * Gives the calling test file a database of its own, so that exact row
 * counts are not disturbed by test files running in parallel. Must be
 * called before the API is first used in the file.
 */
export function useIsolatedDatabase(): void {
  let database: ScratchDatabase | undefined;
  let dataApi: DataApiEndpoint | undefined;
  beforeAll(async () => {
    const serverUrl = process.env.TEST_SERVER_URL;
    if (!serverUrl) throw new Error("TEST_SERVER_URL is not set: run through a jest lane");
    database = await createScratchDatabase(serverUrl, { dialect: process.env.DB_DIALECT === "dsql" ? "dsql" : "postgres" });
    process.env.DATABASE_URL = throughPooler(database.appUrl);
    if (process.env.TEST_DATA_API) {
      // In the Data API lane the API reaches its database through an endpoint of its own.
      dataApi = await startLocalDataApi(database.appUrl);
      Object.assign(process.env, dataApiEnvironment(dataApi.url, database.appUrl));
    }
    process.env.TEST_OWNER_DATABASE_URL = database.ownerUrl;
    process.env.TEST_APP_ROLE = database.appRole;
  });
  afterAll(async () => {
    await closeDataSource();
    await closeOwnerPool();
    await dataApi?.close();
    await database?.drop();
  });
}
