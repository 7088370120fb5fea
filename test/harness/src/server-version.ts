import { withClient } from "@bookstore/local";

/** The server's version as a stack hands it to the functions in DB_SERVER_VERSION: major.minor, e.g. 15.19. */
export function serverVersionSetting(serverVersion: string): string {
  return /^\d+(\.\d+)?/.exec(serverVersion)?.[0] ?? "";
}

/** Asks the server at `url` for its version, as DB_SERVER_VERSION takes it. */
export async function readServerVersionSetting(url: string): Promise<string> {
  const { rows } = await withClient(url, (client) => client.query<{ server_version: string }>("SHOW server_version"));
  return serverVersionSetting(rows[0]?.server_version ?? "");
}
