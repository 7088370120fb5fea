import { checkRdsIamToken } from "../../../test/support/rds-iam-token";
import { resolveConnectionSettings } from "../src/connection/resolve-connection-settings";
import type { PasswordProvider } from "../src/connection/connection-settings";

const HOST = "abc123def456.dsql.eu-west-1.on.aws";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIDDSQLTEST", AWS_SECRET_ACCESS_KEY: "dsql-test-secret" };

beforeEach(() => Object.assign(process.env, KEYS));
afterEach(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe("DB_AUTH=dsql", () => {
  test("signs a DbConnect token for the application's role, verify-full TLS, the postgres database", async () => {
    const settings = await resolveConnectionSettings({ DB_AUTH: "dsql", DSQL_ENDPOINT: HOST, AWS_REGION: "eu-west-1" });
    expect(settings).toMatchObject({ source: "dsql", host: HOST, port: 5432, database: "postgres", user: "bookstore_app", ssl: { rejectUnauthorized: true } });
    const token = await (settings.password as PasswordProvider)();
    expect(checkRdsIamToken(token, { endpoint: HOST, region: "eu-west-1", secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY, service: "dsql", action: "DbConnect" })).toEqual({ valid: true });
    // A fresh token for each new connection.
    expect(await (settings.password as PasswordProvider)()).toEqual(expect.stringContaining("Action=DbConnect&"));
  });

  test("signs a DbConnectAdmin token for admin (the migrator)", async () => {
    const settings = await resolveConnectionSettings({ DB_AUTH: "dsql", DSQL_ENDPOINT: HOST, AWS_REGION: "eu-west-1", DB_USER: "admin" });
    const token = await (settings.password as PasswordProvider)();
    expect(checkRdsIamToken(token, { endpoint: HOST, region: "eu-west-1", secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY, service: "dsql", action: "DbConnectAdmin" })).toEqual({ valid: true });
    expect(checkRdsIamToken(token, { endpoint: HOST, region: "eu-west-1", secretAccessKey: "another key", service: "dsql", action: "DbConnectAdmin" }).valid).toBe(false);
  });

  test.each([
    [{ AWS_REGION: "eu-west-1" }, "DSQL_ENDPOINT"],
    [{ DSQL_ENDPOINT: HOST }, "AWS_REGION"],
    [{ DSQL_ENDPOINT: "db.example.com", AWS_REGION: "eu-west-1" }, "DSQL_ENDPOINT"],
  ])("fails at once naming what is missing or wrong: %j", async (env, setting) => {
    await expect(resolveConnectionSettings({ DB_AUTH: "dsql", ...env })).rejects.toMatchObject({ setting });
  });
});
