import { closeDataSource, DatabaseUnavailableError, getDataSource } from "../src";

describe("the process's DataSource", () => {
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    // Nothing listens on port 1: every attempt fails fast with ECONNREFUSED.
    process.env.DATABASE_URL = "postgres://nobody:x@127.0.0.1:1/none";
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    await closeDataSource();
  });

  test("concurrent first callers share one initialization", () => {
    const first = getDataSource();
    const second = getDataSource();
    expect(second).toBe(first);
    return Promise.allSettled([first, second]);
  });

  test("a failed initialization is forgotten, and the next call tries again", async () => {
    const failed = getDataSource();
    await expect(failed).rejects.toThrow(DatabaseUnavailableError);
    await expect(failed).rejects.toThrow(/cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\); check DATABASE_URL/);
    const retried = getDataSource();
    expect(retried).not.toBe(failed);
    await expect(retried).rejects.toThrow(DatabaseUnavailableError);
  });
});
