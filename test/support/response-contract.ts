import { createOpenApiDocument } from "@bookstore/local";
import addFormats from "ajv-formats";
import { normalizeIsbn } from "@bookstore/books-service/isbn";
import OpenAPIBackend, { type Document, type Operation } from "openapi-backend";

export interface RecordedExchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let backend: Promise<OpenAPIBackend> | undefined;

function documentBackend(): Promise<OpenAPIBackend> {
  backend ??= (async () => {
    // quick: its document check knows OpenAPI 3.0 only; responses are still checked with ajv against 3.1 schemas.
    const api = new OpenAPIBackend({
      definition: createOpenApiDocument() as unknown as Document,
      quick: true,
      customizeAjv: (ajv) => addFormats(ajv).addFormat("isbn", (text: string) => normalizeIsbn(text) !== undefined),
    });
    await api.init();
    return api;
  })();
  return backend;
}

/** An operation that documents `status`, to check answers the router gives outside any operation (404, 405). */
function anyOperationDocumenting(api: OpenAPIBackend, status: number): Operation | undefined {
  return api.getOperations().find((operation) => operation.responses?.[String(status)]);
}

/**
 * What is wrong with one response against the OpenAPI document, or nothing:
 * its status must be one its operation documents, its body must match that
 * status's schema (openapi-backend's validator), and it must be JSON.
 */
export async function contractViolations(exchange: RecordedExchange): Promise<string[]> {
  const api = await documentBackend();
  const [pathname = "/", search = ""] = exchange.url.split(/\?(.*)/s);
  const searchParams = new URLSearchParams(search);
  const where = `${exchange.method} ${exchange.url} → ${exchange.status}`;
  const preflight = exchange.method === "OPTIONS" && exchange.status === 204;
  if (preflight || exchange.url.startsWith("/openapi.json") || exchange.url.startsWith("/docs")) return [];
  // The local root sends a reader to the docs (API Gateway has no root method).
  if (exchange.method === "GET" && pathname === "/" && exchange.status === 302) {
    return exchange.headers.location === "/docs" ? [] : [`${where}: redirects to ${String(exchange.headers.location)}`];
  }

  const problems: string[] = [];
  if (exchange.headers["content-type"] !== "application/json; charset=utf-8") problems.push(`${where}: content-type ${String(exchange.headers["content-type"])}`);

  const operation = api.router.matchOperation({
    method: exchange.method.toLowerCase(),
    path: pathname,
    query: Object.fromEntries(searchParams),
    headers: {},
  });
  if (!operation) {
    // Unknown routes and methods are answered by the gateway, in the same error shape.
    if (exchange.status !== 404 && exchange.status !== 405) return [...problems, `${where}: no operation, yet not 404/405`];
    const documenting = anyOperationDocumenting(api, exchange.status);
    const result = documenting ? api.validateResponse(JSON.parse(exchange.body), documenting, exchange.status) : undefined;
    return result?.errors ? [...problems, `${where}: ${JSON.stringify(result.errors)}`] : problems;
  }
  if (!operation.responses?.[String(exchange.status)]) return [...problems, `${where}: status not documented for ${operation.operationId}`];
  if (exchange.status === 204 || exchange.status === 304) return exchange.body === "" ? problems : [...problems, `${where}: ${exchange.status} with a body`];
  const result = api.validateResponse(JSON.parse(exchange.body), operation, exchange.status);
  if (result.errors?.length) problems.push(`${where}: ${JSON.stringify(result.errors)}`);
  return problems;
}
