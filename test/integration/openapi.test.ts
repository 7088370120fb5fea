import { accessOf } from "@bookstore/api-contract";
import { API_ROUTES, SECURITY_SCHEME } from "@bookstore/local";
import { testApi } from "../support/test-api";

type Document = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

async function document(): Promise<Document> {
  return (await testApi().get("/openapi.json").expect(200)).body as Document;
}

function documentedRoutes(doc: Document): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

const servedRoutes = API_ROUTES.flatMap((route) => route.methods.map((method) => `${method} ${route.resource}`)).sort();

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 with the shared schemas as components", async () => {
    const doc = (await document()) as Document & { components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Book", "NewBook", "BookPatch", "Review", "NewReview", "Error"]));
  });

  test("documents exactly the routes that are served", async () => {
    expect(documentedRoutes(await document())).toEqual(servedRoutes);
  });

  test("every documented route is answered by a handler, not by the router", async () => {
    for (const route of documentedRoutes(await document())) {
      const [method, path] = route.split(" ") as [string, string];
      const response = await testApi()[method.toLowerCase() as "get"](path.replace("{id}", "1"));
      // The router answers unknown routes 404 and wrong methods 405 without a handler;
      // a handler's 404 names the missing resource.
      expect(response.status).not.toBe(405);
      if (response.status === 404) expect(response.body.error.message).toMatch(/^(book|review) 1 does not exist$/);
    }
  });

  test("every served route is documented with its success and error responses", async () => {
    const doc = await document();
    for (const route of servedRoutes) {
      const [method, path] = route.split(" ") as [string, string];
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation).toBeDefined();
      const statuses = Object.keys(operation?.responses ?? {});
      expect(statuses.some((status) => status.startsWith("2"))).toBe(true);
      expect(statuses).toContain("400");
      expect(statuses).toContain("503");
    }
  });
});

describe("who may call what, in the document", () => {
  type Operation = { security?: Array<Record<string, string[]>>; responses: Record<string, { content?: unknown; headers?: Record<string, unknown> }>; description?: string };

  test("declares the bearer scheme; every write needs it and documents 401 (with its challenge) and 403; reads need none", async () => {
    const doc = (await document()) as unknown as { components: { securitySchemes: Record<string, unknown> }; paths: Record<string, Record<string, Operation>> };
    expect(doc.components.securitySchemes[SECURITY_SCHEME]).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    for (const route of API_ROUTES) {
      for (const method of route.methods) {
        const operation = doc.paths[route.resource]?.[method.toLowerCase()] as Operation;
        const open = accessOf(route.resource, method) === "anyone";
        expect({ route: `${method} ${route.resource}`, security: operation.security }).toEqual({ route: `${method} ${route.resource}`, security: open ? [] : [{ [SECURITY_SCHEME]: [] }] });
        const statuses = Object.keys(operation.responses);
        if (open) {
          expect(statuses).not.toContain("401");
        } else {
          expect(statuses).toEqual(expect.arrayContaining(["401", "403"]));
          expect(Object.keys(operation.responses["401"]?.headers ?? {})).toContain("WWW-Authenticate");
        }
        expect(statuses).toContain("429");
      }
    }
  });
});
