import { originPolicy } from "@bookstore/http-kit";
import { EDITORS_GROUP } from "@bookstore/api-contract";
import { createApiServer, createOpenApiDocument, loadHandlers, LocalUserPool } from "@bookstore/local";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import request from "supertest";
import { contractViolations, type RecordedExchange } from "./response-contract";

let server: Server | undefined;
const userPool = LocalUserPool.create("http://127.0.0.1/local-cognito");
let editorToken: string | undefined;
const exchanges: RecordedExchange[] = [];
const accessLines: string[] = [];
const KEPT_ACCESS_LINES = 1_000;

/** Keeps a copy of every response the API sends, to hold them to the OpenAPI document. */
function recording(apiServer: Server): Server {
  const [handle] = apiServer.listeners("request") as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  return createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    let written: Record<string, string | string[] | undefined> = {};
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((...args: unknown[]) => {
      const headers = args.find((arg, index) => index > 0 && typeof arg === "object" && arg !== null);
      if (headers) written = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
      return writeHead(...args);
    }) as ServerResponse["writeHead"];
    const end = response.end.bind(response) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === "string" || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
      exchanges.push({
        method: incoming.method ?? "GET",
        url: incoming.url ?? "/",
        status: response.statusCode,
        headers: { ...(response.getHeaders() as RecordedExchange["headers"]), ...written },
        body: Buffer.concat(chunks).toString("utf8"),
      });
      return end(chunk, ...rest);
    }) as ServerResponse["end"];
    handle!(incoming, response);
  });
}

/** The local API in this process, as `npm start` serves it (one per test file). */
export function testApiServer(): Server {
  server ??= recording(
    createApiServer({
      handlers: loadHandlers(),
      openApiDocument: createOpenApiDocument(),
      docs: true,
      allowedOrigins: originPolicy(process.env.CORS_ALLOWED_ORIGINS),
      userPool,
      accessLog: (line) => {
        if (accessLines.push(line) > KEPT_ACCESS_LINES) accessLines.shift();
      },
    }),
  );
  return server;
}

/**
 * The local gateway's access log lines written since the last call, once
 * there are at least `count` (a line is written when its answer has been
 * handed to the socket, which may be just after the client has it).
 */
export async function takeAccessLog(count = 0): Promise<Array<Record<string, string>>> {
  for (let turn = 0; accessLines.length < count && turn < 100; turn += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  return accessLines.splice(0).map((line) => JSON.parse(line) as Record<string, string>);
}

/** The user pool the local API verifies tokens against. */
export const testUserPool = (): LocalUserPool => userPool;

/** A token of the test pool for a user. */
export function tokenFor(username: string, groups: readonly string[] = []): Promise<string> {
  return userPool.signIn({ username, groups });
}

/** The local API, driven by supertest, signed in as an editor (who may do every write). */
export function testApi() {
  if (!editorToken) throw new Error("testApi() is ready once the test file's hooks run");
  return apiAs(editorToken);
}

/** The local API with no token. */
export function anonymousApi() {
  return request(testApiServer());
}

/** The local API with `Authorization: Bearer <token>` on every request. */
export function apiAs(token: string) {
  return request.agent(testApiServer()).set("authorization", `Bearer ${token}`);
}

beforeAll(async () => {
  editorToken = await tokenFor("test-editor", [EDITORS_GROUP]);
});

// Every response a test file received must be one the OpenAPI document allows.
afterAll(async () => {
  const violations = (await Promise.all(exchanges.splice(0).map(contractViolations))).flat();
  expect(violations).toEqual([]);
});
