import { originPolicy } from "@bookstore/http-kit";
import { closeDataSource, environment, libpqUrlOf, readLibpqSettings } from "@bookstore/orm";
import { migrate } from "@bookstore/schema-migrator";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import type { DataApiEndpoint } from "./rds-data-api/data-api-endpoint";
import { dataApiEnvironment, LOCAL_DATA_API, startLocalDataApi } from "./rds-data-api/local-data-api";
import { createApiServer } from "./api-gateway/api-server";
import { emulateDsql } from "./aurora-dsql/emulate-dsql";
import { appEnvironment, localAppRole, type AppRoleCredentials } from "./aurora-postgres/app-role-environment";
import { loadHandlers } from "./api-gateway/load-handlers";
import { openLocalDatabase } from "./aurora-postgres/local-database";
import { createOpenApiDocument } from "./api-gateway/openapi-document";
import { LOCAL_USER_POOL_PATH, LocalUserPool } from "./cognito/local-user-pool";

const LOCAL_CORS_ORIGINS = "http://localhost:*,http://127.0.0.1:*";

const TARGETS = ["postgres", "data-api", "dsql"] as const;
type Target = (typeof TARGETS)[number];

/** `--target postgres|data-api|dsql` (postgres when absent). */
function readTarget(args: string[]): Target {
  const { values } = parseArgs({ args, options: { target: { type: "string", default: "postgres" } } });
  const target = TARGETS.find((candidate) => candidate === values.target);
  if (!target) throw new Error(`--target ${values.target} is not one of ${TARGETS.join(", ")}`);
  return target;
}

interface PreparedTarget {
  /** The migrator's environment: the schema owner's. */
  ownerEnv: NodeJS.ProcessEnv;
  /** The handlers' environment, asked for once the migrator has run (it reports bad settings first). */
  appEnv: () => NodeJS.ProcessEnv;
  dataApi?: DataApiEndpoint;
  /** What the target needs of the database once migrated. */
  afterMigration?: () => Promise<void>;
}

/** How the migrator and the handlers reach the local database on a target. */
async function prepareTarget(target: Target, ownerEnv: NodeJS.ProcessEnv, credentials: AppRoleCredentials): Promise<PreparedTarget> {
  const appEnv = () => appEnvironment(ownerEnv, credentials);
  switch (target) {
    case "postgres":
      return { ownerEnv, appEnv };
    case "dsql":
      // DSQL's schema, and its rules (snapshot isolation, the row limit) emulated on this PostgreSQL.
      return {
        ownerEnv: { ...ownerEnv, DB_DIALECT: "dsql" },
        appEnv: () => ({ ...appEnv(), DB_DIALECT: "dsql" }),
        afterMigration: () => emulateDsql(libpqUrlOf(ownerEnv), credentials.role),
      };
    case "data-api": {
      // The same database behind a local Data API endpoint; migrations and requests go through it.
      readLibpqSettings(ownerEnv); // a malformed setting is reported by name, as on the postgres target
      const ownerUrl = libpqUrlOf(ownerEnv);
      const appUrl = libpqUrlOf(appEnv());
      const dataApi = await startLocalDataApi(appUrl, ownerUrl, environment().get("DATA_API_PORT"));
      return {
        ownerEnv: { ...process.env, ...dataApiEnvironment(dataApi.url, ownerUrl, LOCAL_DATA_API.ownerSecretArn) },
        appEnv: () => ({ ...appEnv(), ...dataApiEnvironment(dataApi.url, appUrl) }),
        dataApi,
      };
    }
  }
}

async function main(): Promise<void> {
  const target = readTarget(process.argv.slice(2));
  // The DSQL-shaped schema lives in a database of its own on the embedded server.
  const database = await openLocalDatabase(process.env, target === "dsql" ? "bookstore_dsql" : undefined);
  let dataApi: DataApiEndpoint | undefined;
  const stopDatabase = async () => {
    await dataApi?.close();
    await database.stop();
  };
  try {
    const credentials = localAppRole(database.ownerEnv);
    const appRole = { DB_APP_ROLE: credentials.role, DB_APP_PASSWORD: credentials.password };
    const prepared = await prepareTarget(target, database.ownerEnv, credentials);
    dataApi = prepared.dataApi;
    await migrate("up", {
      env: { ...prepared.ownerEnv, ...appRole },
      onProgress: ({ migration, phase }) => phase === "done" && console.log(`migrated: ${migration}`),
    });
    await prepared.afterMigration?.();
    Object.assign(process.env, prepared.appEnv());
    // Pages served from this machine may call the API; set the variable to choose other origins.
    process.env.CORS_ALLOWED_ORIGINS ??= LOCAL_CORS_ORIGINS;

    const port = environment().get("PORT");
    const userPool = LocalUserPool.create(`http://127.0.0.1:${port}${LOCAL_USER_POOL_PATH}`);
    const server = createApiServer({
      handlers: loadHandlers(),
      openApiDocument: createOpenApiDocument(),
      docs: true,
      allowedOrigins: originPolicy(environment().get("CORS_ALLOWED_ORIGINS")),
      userPool,
      accessLog: (line) => console.log(line),
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    const shutdown = async () => {
      console.log("stopping…");
      server.closeAllConnections();
      server.close();
      await closeDataSource();
      await stopDatabase();
      process.exit(0);
    };
    // Ready for Ctrl-C before saying it is up.
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);

    const { port: boundPort } = server.address() as AddressInfo;
    // One write, so whoever waits for the first line has them all.
    console.log(
      [
        `Bookstore API on http://127.0.0.1:${boundPort} (OpenAPI at /openapi.json)`,
        `API docs: http://127.0.0.1:${boundPort}/docs`,
        `database: ${database.description}, API logged in as ${credentials.role}`,
        `target: ${target}`,
        ...(dataApi ? [`Data API endpoint: ${dataApi.url} resource=${LOCAL_DATA_API.resourceArn} secret=${LOCAL_DATA_API.appSecretArn}`] : []),
        `sign-in: writes need a token: npm run token -- --user NAME [--group editors] (user pool ${userPool.issuer})`,
        `CORS: browser origins allowed: ${process.env.CORS_ALLOWED_ORIGINS || "none"}`,
      ].join("\n"),
    );
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`npm start failed: ${(error as NodeJS.ErrnoException).code === "EADDRINUSE" ? `port in use (${message}); set PORT` : message}`);
  process.exit(1);
});
