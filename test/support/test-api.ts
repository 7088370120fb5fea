import { createApiServer, createOpenApiDocument, loadHandlers } from "@bookstore/local";
import { originPolicy } from "@bookstore/http-kit";
import type { Server } from "node:http";
import request from "supertest";

let server: Server | undefined;

/** The local API in this process, as `npm start` serves it; supertest drives it. */
export function testApi() {
  server ??= createApiServer({
    handlers: loadHandlers(),
    openApiDocument: createOpenApiDocument(),
    allowedOrigins: originPolicy(process.env.CORS_ALLOWED_ORIGINS),
  });
  return request(server);
}
