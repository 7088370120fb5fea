import { chooseAuthMode, ConfigurationError, resolveConnectionTuning } from "../src";

describe("choosing how to reach the database", () => {
  test.each([
    [{ DATABASE_URL: "postgres://h/d" }, "libpq"],
    [{ PGHOST: "h" }, "libpq"],
    [{ DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:x" }, "secret"],
    [{ DB_AUTH: "iam", DATABASE_URL: "postgres://h/d" }, "iam"],
    [{ DB_AUTH: "libpq", DB_SECRET_ARN: "arn", DATABASE_URL: "postgres://h/d" }, "libpq"],
  ])("%j → %s", (env, mode) => {
    expect(chooseAuthMode(env)).toBe(mode);
  });

  test.each([
    [{}, "DATABASE_URL", /no database configured/],
    [{ DB_AUTH: "kerberos" }, "DB_AUTH", /not one of libpq, secret, iam/],
    [{ DB_SECRET_ARN: "arn", DATABASE_URL: "postgres://h/d" }, "DB_AUTH", /both DB_SECRET_ARN and DATABASE_URL/],
  ])("%j fails naming %s", (env, setting, message) => {
    expect(() => chooseAuthMode(env)).toThrow(message);
    expect(() => chooseAuthMode(env)).toThrow(expect.objectContaining({ setting }));
    expect(() => chooseAuthMode(env)).toThrow(ConfigurationError);
  });

  test("tuning has defaults well below a Lambda timeout and rejects nonsense", () => {
    expect(resolveConnectionTuning({})).toEqual({
      connectTimeoutMs: 3000,
      statementTimeoutMs: 5000,
      maxIdleMs: 300_000,
      poolSize: 1,
      applicationName: "bookstore",
      dialect: "postgres",
    });
    expect(resolveConnectionTuning({ DB_DIALECT: "dsql" }).dialect).toBe("dsql");
    expect(resolveConnectionTuning({ DB_AUTH: "dsql" }).dialect).toBe("dsql");
    expect(() => resolveConnectionTuning({ DB_DIALECT: "mysql" })).toThrow(expect.objectContaining({ setting: "DB_DIALECT" }));
    expect(resolveConnectionTuning({ DB_STATEMENT_TIMEOUT_MS: "1500", AWS_LAMBDA_FUNCTION_NAME: "books" })).toMatchObject({
      statementTimeoutMs: 1500,
      applicationName: "books",
    });
    expect(() => resolveConnectionTuning({ DB_CONNECT_TIMEOUT_MS: "-1" })).toThrow(expect.objectContaining({ setting: "DB_CONNECT_TIMEOUT_MS" }));
  });
});
