import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_DOC_PATH, renderEnvironmentDoc } from "../scripts/environment-doc";
import { ConfigurationError, ENV, environment, ENVIRONMENT_VARIABLES } from "../src/environment";

const ROOT = join(__dirname, "..", "..", "..");

describe("environment()", () => {
  test("parses declared types and applies defaults", () => {
    const env = environment({ DB_POOL_SIZE: "4", POWERTOOLS_TRACE_ENABLED: "true", DB_TRANSPORT: "data-api" });
    expect(env.get("DB_POOL_SIZE")).toBe(4);
    expect(env.get("DB_CONNECT_TIMEOUT_MS")).toBe(3_000);
    expect(env.get("POWERTOOLS_TRACE_ENABLED")).toBe(true);
    expect(env.get("POWERTOOLS_METRICS_DISABLED")).toBe(false);
    expect(env.get("DB_TRANSPORT")).toBe("data-api");
    expect(env.get("DB_AUTH")).toBeUndefined();
  });

  test.each([
    ["DB_POOL_SIZE", "ten", /DB_POOL_SIZE: "ten" is not a positive whole number/],
    ["DB_POOL_SIZE", "0", /DB_POOL_SIZE: "0" is not a positive whole number/],
    ["DB_AUTH", "kerberos", /DB_AUTH: "kerberos" is not one of libpq, secret, iam, dsql/],
    ["POWERTOOLS_TRACE_ENABLED", "yes", /POWERTOOLS_TRACE_ENABLED: "yes" is not one of true, false/],
  ] as const)("a malformed %s=%s is a ConfigurationError naming it", (name, value, message) => {
    const read = () => environment({ [name]: value }).get(name);
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(message);
    expect(read).toThrow(expect.objectContaining({ setting: name }));
  });

  test("required() names the variable and when it is needed", () => {
    expect(() => environment({}).required("DB_NAME", "when DB_AUTH=iam")).toThrow("DB_NAME: is required when DB_AUTH=iam");
  });

  test("a changed value is parsed anew; an empty one is unset", () => {
    const source: Record<string, string> = { DB_POOL_SIZE: "2" };
    expect(environment(source).get("DB_POOL_SIZE")).toBe(2);
    source.DB_POOL_SIZE = "3";
    expect(environment(source).get("DB_POOL_SIZE")).toBe(3);
    source.DB_POOL_SIZE = "";
    expect(environment(source).get("DB_POOL_SIZE")).toBe(1);
    expect(environment(source).isSet("DB_POOL_SIZE")).toBe(false);
  });

  test("ENV names every declared variable as itself", () => {
    expect(Object.keys(ENV)).toEqual(Object.keys(ENVIRONMENT_VARIABLES));
    for (const [name, value] of Object.entries(ENV)) expect(value).toBe(name);
  });
});

describe("the environment contract is the only place variables are named", () => {
  const tracked = (pathspec: string[]) => execFileSync("git", ["grep", "-nE", ...pathspec], { cwd: ROOT, encoding: "utf8" }).trim();
  const grep = (pattern: string, paths: string[]) => {
    try {
      return tracked([pattern, "--", ...paths]).split("\n");
    } catch {
      return []; // git grep exits 1 when nothing matches
    }
  };

  test("docs/environment.md is generated from the contract and up to date (npm run docs:environment)", () => {
    expect(readFileSync(ENVIRONMENT_DOC_PATH, "utf8")).toBe(renderEnvironmentDoc());
  });

  test("no module declares an environment type of its own", () => {
    expect(grep("type Env", ["*.ts", ":!layers/orm/test/environment.test.ts"])).toEqual([]);
  });

  test("infra/ sets variables only through ENV: no variable name as a string literal or a bare key", () => {
    const names = Object.keys(ENVIRONMENT_VARIABLES).join("|");
    expect(grep(`["'\`](${names})["'\`]|[{,]\\s*(${names})\\s*:`, ["infra/lib", "infra/bin"])).toEqual([]);
  });

  test("runtime code reads process.env only through the contract", () => {
    const readers = grep("process\\.env\\.[A-Z]", ["layers/orm/src", "packages/*/src", "services/*/src", "schema-migrator/src"]);
    expect(readers).toEqual([]);
  });
});
