import { withClient } from "@bookstore/local";

/** Server processes the application role has open on the owner URL's database. */
export function appBackends(ownerUrl: string, appRole: string): Promise<number[]> {
  return withClient(ownerUrl, async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE usename = $1 AND datname = current_database() ORDER BY pid",
      [appRole],
    );
    return rows.map((row) => row.pid);
  });
}

/** pg_terminate_backend on each of them; resolves once they are gone. */
export async function terminateAppBackends(ownerUrl: string, appRole: string): Promise<number[]> {
  const pids = await appBackends(ownerUrl, appRole);
  await withClient(ownerUrl, (client) => client.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [pids]));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const left = (await appBackends(ownerUrl, appRole)).filter((pid) => pids.includes(pid));
    if (left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return pids;
}

export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
