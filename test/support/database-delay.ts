import { closeDataSource } from "@bookstore/orm";
import { DelayingProxy } from "@bookstore/test-harness";

/**
 * In the calling describe block, the API reaches its database `delayMs`
 * away each way, through a delaying proxy (0: directly), as across a network
 * in AWS. Call after useIsolatedDatabase, which chooses the database.
 */
export function useDatabaseDelay(delayMs: number): void {
  let proxy: DelayingProxy | undefined;
  let direct: string | undefined;
  beforeAll(async () => {
    if (delayMs === 0) return;
    direct = process.env.DATABASE_URL as string;
    proxy = await DelayingProxy.start(direct, delayMs);
    process.env.DATABASE_URL = proxy.url(direct);
    await closeDataSource();
  });
  afterAll(async () => {
    if (!proxy) return;
    process.env.DATABASE_URL = direct;
    await closeDataSource();
    await proxy.close();
  });
}
