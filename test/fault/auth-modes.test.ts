import { type PostgresCluster } from "@bookstore/local";
import { aBook, createScratchDatabase, type ScratchDatabase, startScratchPostgres } from "@bookstore/test-harness";
import { Client } from "pg";
import { terminateAppBackends } from "../support/app-backends";
import { startContainer, type Container } from "../support/container";
import { IamAuthProxy } from "../support/iam-auth-proxy";
import { SecretsManagerEndpoint } from "../support/secrets-manager-endpoint";

const REGION = "eu-west-1";
const ACCESS_KEY = "AKIDBOOKSTORETEST";
const SECRET_KEY = "bookstore-test-secret-key";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bookstore/app-AbCdEf";

let cluster: PostgresCluster;
const containers: Container[] = [];
const databases: ScratchDatabase[] = [];

function container(env: Record<string, string>): Container {
  const started = startContainer({ AWS_REGION: REGION, AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, PGSSLMODE: "disable", ...env });
  containers.push(started);
  return started;
}

beforeAll(async () => {
  // Password authentication is needed (rotation must be able to fail), and
  // the IAM stand-in's upstream logins for bookstore_iam_* roles are trusted.
  cluster = await startScratchPostgres("test-superuser", { trustRolesMatching: "^bookstore_iam_" });
});
afterEach(async () => {
  await Promise.all(containers.splice(0).map((started) => started.close()));
});
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await cluster.destroy();
});

async function database(appRolePrefix?: string): Promise<ScratchDatabase> {
  const created = await createScratchDatabase(cluster.url(), { appRolePrefix });
  databases.push(created);
  return created;
}

const book = aBook({ title: "Ancillary Justice", author: "Ann Leckie", publisher: "Orbit", year: 2013 });

describe("Secrets Manager credentials", () => {
  let endpoint: SecretsManagerEndpoint;
  let db: ScratchDatabase;
  beforeAll(async () => {
    endpoint = new SecretsManagerEndpoint();
    await endpoint.start();
    db = await database();
  });
  afterAll(() => endpoint.stop());

  const secretsContainer = () =>
    container({ DB_SECRET_ARN: SECRET_ARN, DB_PROXY_ENDPOINT: `127.0.0.1:${cluster.options.port}`, AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url });

  const rdsSecret = (password: string) => ({ username: db.appRole, password, engine: "postgres", host: "cluster.example", port: cluster.options.port, dbname: db.name });

  async function setPassword(password: string): Promise<void> {
    const client = new Client({ connectionString: db.ownerUrl });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${client.escapeIdentifier(db.appRole)} PASSWORD ${client.escapeLiteral(password)}`);
    } finally {
      await client.end();
    }
  }

  test("are fetched once per container, and once more after a rotation", async () => {
    endpoint.put(SECRET_ARN, rdsSecret(db.appPassword));
    const first = secretsContainer();
    expect((await first.invoke("GET", "/book")).statusCode).toBe(200);
    expect((await first.invoke("POST", "/book", book)).statusCode).toBe(201);
    expect(endpoint.fetchCount(SECRET_ARN)).toBe(1);

    // Rotation: the password changes in the database and in the secret,
    // and the container's connection is recycled (as the proxy does).
    await setPassword("rotated-password-1");
    endpoint.put(SECRET_ARN, rdsSecret("rotated-password-1"));
    await terminateAppBackends(db.ownerUrl, db.appRole);

    expect((await first.invoke("GET", "/book")).statusCode).toBe(200);
    expect(endpoint.fetchCount(SECRET_ARN)).toBe(2);
    expect((await first.invoke("POST", "/book", book)).statusCode).toBe(201);
    expect(endpoint.fetchCount(SECRET_ARN)).toBe(2);

    const second = secretsContainer();
    expect((await second.invoke("GET", "/book")).statusCode).toBe(200);
    expect(endpoint.fetchCount(SECRET_ARN)).toBe(3);
  });

  test("a secret that stays wrong gives a 503 after exactly one re-fetch, not a loop", async () => {
    await setPassword("rotated-password-2");
    endpoint.put(SECRET_ARN, rdsSecret("stale-password"));
    const before = endpoint.fetchCount(SECRET_ARN);
    const stale = secretsContainer();
    const response = await stale.invoke("GET", "/book");
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ error: { code: "DATABASE_UNAVAILABLE" } });
    expect(JSON.stringify(response.body)).not.toContain("stale-password");
    expect(endpoint.fetchCount(SECRET_ARN) - before).toBe(2);
  });
});

describe("IAM authentication tokens", () => {
  let proxy: IamAuthProxy;
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await database("bookstore_iam");
    proxy = new IamAuthProxy({ upstreamPort: cluster.options.port, region: REGION, secretAccessKey: SECRET_KEY });
    await proxy.start();
  });
  afterAll(() => proxy.stop());

  const iamEnv = (extra: Record<string, string> = {}) => ({
    DB_AUTH: "iam",
    DB_PROXY_ENDPOINT: proxy.endpoint,
    DB_USER: db.appRole,
    DB_NAME: db.name,
    ...extra,
  });

  test("are signed for each new physical connection, and have the documented shape", async () => {
    proxy.tokens.length = 0;
    const iam = container(iamEnv());
    expect((await iam.invoke("GET", "/book")).statusCode).toBe(200);
    expect((await iam.invoke("POST", "/book", book)).statusCode).toBe(201);
    expect(proxy.tokens).toHaveLength(1);

    // Tokens signed within the same second are identical; let the clock move
    // so a token reused from the first connection would show.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await terminateAppBackends(db.ownerUrl, db.appRole);
    expect((await iam.invoke("GET", "/book")).statusCode).toBe(200);
    expect(proxy.tokens).toHaveLength(2);

    const [first, second] = proxy.tokens;
    for (const seen of proxy.tokens) {
      expect(seen).toMatchObject({ user: db.appRole, accepted: true });
      expect(seen.token).toMatch(
        new RegExp(
          `^127\\.0\\.0\\.1:${proxy.port}/\\?Action=connect&DBUser=${db.appRole}&X-Amz-Algorithm=AWS4-HMAC-SHA256` +
            `&X-Amz-Credential=${ACCESS_KEY}%2F\\d{8}%2F${REGION}%2Frds-db%2Faws4_request&X-Amz-Date=\\d{8}T\\d{6}Z` +
            "&X-Amz-Expires=900&X-Amz-Signature=[0-9a-f]{64}&X-Amz-SignedHeaders=host$",
        ),
      );
    }
    expect(second?.token).not.toBe(first?.token);
  });

  test("signed with the wrong key are refused, and the request gets a 503", async () => {
    proxy.tokens.length = 0;
    const wrong = container({ ...iamEnv(), AWS_SECRET_ACCESS_KEY: "not-the-key" });
    const response = await wrong.invoke("GET", "/book");
    expect(response.statusCode).toBe(503);
    expect(proxy.tokens.length).toBeGreaterThan(0);
    expect(proxy.tokens.every((seen) => !seen.accepted && seen.reason === "signature does not match")).toBe(true);
  });
});
