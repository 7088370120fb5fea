import { randomBytes } from "node:crypto";
import pg from "pg";

export interface CheckDatabase {
  /** The scratch database, as its owner. */
  url: string;
  /** A role of its own for the application grants the migrations converge. */
  appRole: string;
  appPassword: string;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database (and application role) on the server at `serverUrl`, removed by `drop`. */
export async function createCheckDatabase(serverUrl: string): Promise<CheckDatabase> {
  const name = `bookstore_check_${randomBytes(4).toString("hex")}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    appRole: `${name}_app`,
    appPassword: randomBytes(12).toString("hex"),
    drop: () =>
      onServer(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS "${name}_app"`);
      }),
  };
}
