import { originPolicy } from "@bookstore/http-kit";
import { closeDataSource } from "@bookstore/orm";
import { migrate } from "@bookstore/schema-migrator";
import type { AddressInfo } from "node:net";
import { createApiServer } from "./api-server";
import { appEnvironment, localAppRole } from "./app-role-environment";
import { loadHandlers } from "./load-handlers";
import { openLocalDatabase } from "./local-database";
import { createOpenApiDocument } from "./openapi-document";

const LOCAL_CORS_ORIGINS = "http://localhost:*,http://127.0.0.1:*";

async function main(): Promise<void> {
  const database = await openLocalDatabase(process.env);
  const stopDatabase = database.stop;
  try {
    const credentials = localAppRole(database.ownerEnv);
    await migrate("up", {
      env: { ...database.ownerEnv, DB_APP_ROLE: credentials.role, DB_APP_PASSWORD: credentials.password },
      onProgress: ({ migration, phase }) => phase === "done" && console.log(`migrated: ${migration}`),
    });
    Object.assign(process.env, appEnvironment(database.ownerEnv, credentials));
    // Pages served from this machine may call the API; set the variable to choose other origins.
    process.env.CORS_ALLOWED_ORIGINS ??= LOCAL_CORS_ORIGINS;

    const server = createApiServer({
      handlers: loadHandlers(),
      openApiDocument: createOpenApiDocument(),
      docs: true,
      allowedOrigins: originPolicy(process.env.CORS_ALLOWED_ORIGINS),
    });
    const port = Number(process.env.PORT ?? 3000);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    const { port: boundPort } = server.address() as AddressInfo;
    console.log(`Bookstore API on http://127.0.0.1:${boundPort} (OpenAPI at /openapi.json)`);
    console.log(`API docs: http://127.0.0.1:${boundPort}/docs`);
    console.log(`database: ${database.description}, API logged in as ${credentials.role}`);
    console.log(`CORS: browser origins allowed: ${process.env.CORS_ALLOWED_ORIGINS || "none"}`);

    const shutdown = async () => {
      console.log("stopping…");
      server.closeAllConnections();
      server.close();
      await closeDataSource();
      await stopDatabase();
      process.exit(0);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
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
