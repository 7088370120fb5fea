import { closeDataSource } from "@bookstore/orm";
import type { ScratchDatabase } from "@bookstore/test-harness";
import { openFileDatabase, type FileDatabase } from "./test-lane";

interface Proxy {
  url(url: string): string;
  close(): Promise<void>;
}

/**
 * A database of the test file's own, which the layer's connections reach
 * through a proxy each test starts: after each test the data source is
 * closed, the proxy stopped and DATABASE_URL put back.
 */
export function useProxiedFileDatabase() {
  let fileDatabase: FileDatabase;
  let proxy: Proxy | undefined;
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    fileDatabase = await openFileDatabase();
  });
  afterEach(async () => {
    await closeDataSource();
    await proxy?.close();
    proxy = undefined;
    process.env.DATABASE_URL = savedUrl;
  });
  afterAll(() => fileDatabase.drop());
  return {
    database: (): ScratchDatabase => fileDatabase.database,
    /** Points the layer at the proxy `start` makes in front of the database (given its app URL). */
    async through<P extends Proxy>(start: (appUrl: string) => Promise<P>): Promise<P> {
      const started = await start(fileDatabase.database.appUrl);
      proxy = started;
      process.env.DATABASE_URL = started.url(fileDatabase.database.appUrl);
      return started;
    },
  };
}
