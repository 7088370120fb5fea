import { buildDataSource, readLibpqSettings, resolveConnectionTuning } from "@bookstore/orm";
import { Client } from "pg";

/** The statements DataSource.initialize() sends before the first request. */
async function startupStatements(env: Record<string, string>): Promise<string[]> {
  const sent: string[] = [];
  const original = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push(typeof first === "string" ? first : (first?.text ?? "?"));
    return (original as (...params: unknown[]) => unknown).apply(this, args);
  } as never);
  const dataSource = buildDataSource({ settings: readLibpqSettings(process.env), tuning: resolveConnectionTuning(env) });
  try {
    await dataSource.initialize();
  } finally {
    spy.mockRestore();
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
