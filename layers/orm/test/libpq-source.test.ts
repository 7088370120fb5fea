import { ConfigurationError, readLibpqSettings } from "../src";

describe("libpq settings", () => {
  test("DATABASE_URL gives every part, percent-decoded", () => {
    const settings = readLibpqSettings({ DATABASE_URL: "postgresql://app%40x:p%3Ass@db.example:6543/books%20db" });
    expect(settings).toMatchObject({
      source: "libpq",
      host: "db.example",
      port: 6543,
      user: "app@x",
      password: "p:ss",
      database: "books db",
      ssl: false,
      blame: "DATABASE_URL",
    });
  });

  test("PG* variables fill what the URL leaves out, as psql does", () => {
    const settings = readLibpqSettings({ DATABASE_URL: "postgres://db.example/books", PGUSER: "u", PGPASSWORD: "pw", PGPORT: "5433" });
    expect(settings).toMatchObject({ host: "db.example", port: 5433, user: "u", password: "pw", database: "books" });
  });

  test("PG* variables alone", () => {
    const settings = readLibpqSettings({ PGHOST: "h", PGUSER: "u", PGDATABASE: "d" });
    expect(settings).toMatchObject({ host: "h", port: 5432, user: "u", database: "d", password: undefined, ssl: false });
    expect(settings.blame).toContain("PGHOST");
  });

  test.each([
    ["disable", false],
    ["prefer", false],
    ["require", { rejectUnauthorized: false }],
    ["verify-full", { rejectUnauthorized: true, ca: undefined }],
  ])("PGSSLMODE=%s", (mode, ssl) => {
    expect(readLibpqSettings({ PGHOST: "h", PGSSLMODE: mode }).ssl).toEqual(ssl);
  });

  test("sslmode in the URL wins over PGSSLMODE", () => {
    expect(readLibpqSettings({ DATABASE_URL: "postgres://h/d?sslmode=require", PGSSLMODE: "disable" }).ssl).toEqual({
      rejectUnauthorized: false,
    });
  });

  test.each([
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL", /not a valid URL/],
    [{ DATABASE_URL: "mysql://h/d" }, "DATABASE_URL", /scheme must be postgres/],
    [{ DATABASE_URL: "postgres://h:99999/d" }, "DATABASE_URL", /not a valid URL/],
    [{ DATABASE_URL: "postgres://h/d?sslmode=sometimes" }, "DATABASE_URL", /sslmode "sometimes"/],
    [{ DATABASE_URL: "postgres://h/d?timeout=5" }, "DATABASE_URL", /unsupported parameter "timeout"/],
    [{ PGHOST: "h", PGPORT: "five" }, "PGPORT", /port "five"/],
    [{ PGHOST: "h", PGSSLMODE: "on" }, "PGSSLMODE", /"on" is not one of disable, allow/],
    [{ PGHOST: "h", PGSSLMODE: "verify-full", PGSSLROOTCERT: "/nonexistent/ca.pem" }, "PGSSLROOTCERT", /cannot read certificate file/],
  ])("%j fails naming %s", (env, setting, message) => {
    const attempt = () => readLibpqSettings(env);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigurationError).setting).toBe(setting);
    }
  });

  test("a failure never repeats the password", () => {
    expect(() => readLibpqSettings({ DATABASE_URL: "postgres://u:s3cret@h/d?sslmode=bogus" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("s3cret") }),
    );
  });
});
