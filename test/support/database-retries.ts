import { onDatabaseRetry, type RetryReason } from "@bookstore/orm";

/** How `work` settled, and the retries the layer reported meanwhile. */
export async function retriesOf<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; retries: RetryReason[] }> {
  const retries: RetryReason[] = [];
  const stop = onDatabaseRetry((reason) => retries.push(reason));
  try {
    const [outcome] = await Promise.allSettled([work()]);
    return { outcome: outcome!, retries };
  } finally {
    stop();
  }
}
