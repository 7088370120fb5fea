import { resolveConnectionSettings } from "../src";

const iam = { DB_AUTH: "iam", DB_PROXY_ENDPOINT: "proxy.example:5432", DB_USER: "bookstore_app", DB_NAME: "bookstore", AWS_REGION: "eu-west-1" };

describe("AWS connection settings", () => {
  // The SDK's credential chain reads the process environment, as in Lambda.
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
  });
  afterAll(() => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  test("IAM: host and port from the proxy endpoint, a password provider and verified TLS", async () => {
    const settings = await resolveConnectionSettings(iam);
    expect(settings).toMatchObject({ source: "iam", host: "proxy.example", port: 5432, user: "bookstore_app", database: "bookstore" });
    expect(typeof settings.password).toBe("function");
    const token = await (settings.password as () => Promise<string>)();
    expect(token).toMatch(/^proxy\.example:5432\/\?Action=connect&DBUser=bookstore_app&/);
    expect(settings.ssl).toMatchObject({ rejectUnauthorized: true });
    const ca = (settings.ssl as { ca: string }).ca;
    // The RDS Proxy roots (Amazon Root CA) and the RDS regional CAs both.
    expect(ca.match(/BEGIN CERTIFICATE/g)?.length).toBeGreaterThan(100);
  });

  test("PGSSLMODE still rules locally", async () => {
    const settings = await resolveConnectionSettings({ ...iam, PGSSLMODE: "disable" });
    expect(settings.ssl).toBe(false);
  });

  test("IAM without the role's credentials in the environment fails naming them", async () => {
    const saved = process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_ACCESS_KEY_ID;
    try {
      await expect(resolveConnectionSettings(iam)).rejects.toMatchObject({ setting: "AWS_ACCESS_KEY_ID" });
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved;
    }
  });

  test.each([
    [{ ...iam, DB_PROXY_ENDPOINT: undefined }, "DB_PROXY_ENDPOINT"],
    [{ ...iam, DB_USER: undefined }, "DB_USER"],
    [{ ...iam, DB_NAME: undefined }, "DB_NAME"],
    [{ ...iam, AWS_REGION: undefined }, "AWS_REGION"],
    [{ ...iam, DB_PROXY_ENDPOINT: "proxy.example:port" }, "DB_PROXY_ENDPOINT"],
    [{ DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:x" }, "DB_PROXY_ENDPOINT"],
    [{ DB_AUTH: "secret" }, "DB_SECRET_ARN"],
  ])("%j fails naming %s", async (env, setting) => {
    await expect(resolveConnectionSettings(env)).rejects.toMatchObject({ name: "ConfigurationError", setting });
  });
});
