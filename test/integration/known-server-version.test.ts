import { buildDataSource, readLibpqSettings, resolveConnectionTuning } from "@bookstore/orm";
import { recordStatements } from "../support/sent-statements";

/** The statements DataSource.initialize() sends before the first request. */
async function startupStatements(env: Record<string, string>): Promise<string[]> {
  const { sent, stop } = recordStatements();
  const dataSource = buildDataSource({ settings: readLibpqSettings(process.env), tuning: resolveConnectionTuning(env) });
  try {
    await dataSource.initialize();
  } finally {
    stop();
    await dataSource.destroy();
  }
  return sent;
}

describe("a server version known in advance (DB_SERVER_VERSION)", () => {
  test("spares initialize() its two questions to the server", async () => {
    const asked = await startupStatements({});
    expect(asked.some((sql) => /version\(\)/.test(sql))).toBe(true);
    expect(asked.some((sql) => /current_schema\(\)/.test(sql))).toBe(true);
    expect(await startupStatements({ DB_SERVER_VERSION: "17.9" })).toEqual([]);
  });

  test("must look like a version", () => {
    expect(() => resolveConnectionTuning({ DB_SERVER_VERSION: "latest" })).toThrow(expect.objectContaining({ setting: "DB_SERVER_VERSION" }));
  });
});
