import { aBook, aReview } from "@bookstore/test-harness";
import { createOpenApiDocument } from "@bookstore/local";
import fc from "fast-check";
import { invalidParameter, invalidValue, resolve, validValue, type DocumentSchemas, type Schema } from "../support/openapi-arbitraries";
import { useIsolatedDatabase } from "../support/isolated-database";
import { rowCounts } from "../support/owner-database";
import { testApi } from "../support/test-api";

useIsolatedDatabase();

interface Parameter {
  in: "path" | "query";
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
}
type Document = DocumentSchemas & { paths: Record<string, Record<string, Operation>> };

// Requests are generated from the served document alone, as a generated client would make them.
const document = createOpenApiDocument() as unknown as Document;
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);

interface GeneratedRequest {
  method: string;
  url: string;
  body?: unknown;
  operationId: string;
}

function url(path: string, values: Record<string, unknown>, parameters: Parameter[]): string {
  const query = new URLSearchParams();
  let filled = path;
  for (const parameter of parameters) {
    const value = values[parameter.name];
    if (value === undefined) continue;
    if (parameter.in === "path") filled = filled.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else query.set(parameter.name, String(value));
  }
  const search = query.toString();
  return search ? `${filled}?${search}` : filled;
}

/** Values for every parameter the document lets a client generate (a cursor only the server issues is left out). */
function validParameters(parameters: Parameter[]): fc.Arbitrary<Record<string, unknown>> {
  const generated = parameters.flatMap((parameter) => {
    const value = parameter.name === "cursor" ? undefined : validValue(document, parameter.schema);
    return value ? [{ parameter, value }] : [];
  });
  return fc.record(Object.fromEntries(generated.map(({ parameter, value }) => [parameter.name, value])), {
    requiredKeys: generated.filter(({ parameter }) => parameter.required || parameter.in === "path").map(({ parameter }) => parameter.name),
  });
}

// Path and query parameters are input; a header parameter (If-None-Match) is
// a condition on the answer, tested in conditional-requests.test.ts.
const inputParameters = (operation: { parameters?: Array<{ in: string }> }): Parameter[] =>
  (operation.parameters ?? []).filter((parameter): parameter is Parameter => parameter.in === "path" || parameter.in === "query");

const validRequest: fc.Arbitrary<GeneratedRequest> = fc.oneof(
  ...operations.map(({ path, method, operation }) => {
    const parameters = inputParameters(operation);
    const bodySchema = operation.requestBody?.content["application/json"].schema;
    const body = bodySchema ? (validValue(document, bodySchema) as fc.Arbitrary<unknown>) : fc.constant(undefined);
    return fc.tuple(validParameters(parameters), body).map(([values, payload]) => ({
      method,
      url: url(path, values, parameters),
      body: payload,
      operationId: operation.operationId,
    }));
  }),
);

const invalidRequest: fc.Arbitrary<GeneratedRequest> = fc.oneof(
  ...operations.flatMap(({ path, method, operation }) => {
    const parameters = inputParameters(operation);
    const bodySchema = operation.requestBody?.content["application/json"].schema;
    const validBody = bodySchema ? (validValue(document, bodySchema) as fc.Arbitrary<unknown>) : fc.constant(undefined);
    const broken: fc.Arbitrary<GeneratedRequest>[] = [];
    for (const parameter of parameters.filter((candidate) => resolve(document, candidate.schema).maxLength !== undefined || resolve(document, candidate.schema).type === "integer")) {
      broken.push(
        // An empty path segment names another route, not a bad id.
        fc.tuple(validParameters(parameters), invalidParameter(document, parameter.schema).filter((bad) => parameter.in !== "path" || bad !== ""), validBody).map(([values, bad, payload]) => ({
          method,
          url: url(path, { ...values, [parameter.name]: bad }, parameters),
          body: payload,
          operationId: `${operation.operationId} with a bad ${parameter.name}`,
        })),
      );
    }
    if (bodySchema) {
      broken.push(
        fc.tuple(validParameters(parameters), invalidValue(document, bodySchema)).map(([values, payload]) => ({
          method,
          url: url(path, values, parameters),
          body: payload,
          operationId: `${operation.operationId} with a bad body`,
        })),
      );
    }
    return broken;
  }),
);

function send({ method, url: target, body }: GeneratedRequest) {
  const call = testApi()[method.toLowerCase() as "get"](target);
  return body === undefined ? call : call.set("content-type", "application/json").send(JSON.stringify(body));
}

beforeAll(async () => {
  // A few rows, so that generated ids sometimes name real books and reviews.
  for (let index = 0; index < 3; index += 1) {
    const book = await testApi().post("/book").send(aBook({ title: `T${index}`, author: "A", publisher: "P", year: 2000 })).expect(201);
    await testApi().post("/review").send(aReview({ bookId: book.body.id, reviewer: "R", rate: 3 })).expect(201);
  }
});

test("requests the document allows are never rejected as invalid", async () => {
  await fc.assert(
    fc.asyncProperty(validRequest, async (generated) => {
      const response = await send(generated);
      // 404 is a fine answer to a valid id that names nothing.
      const accepted = [200, 201, 204, 404].includes(response.status);
      expect({ operation: generated.operationId, url: generated.url, accepted, body: response.body }).toEqual(
        expect.objectContaining({ accepted: true }),
      );
    }),
    { numRuns: 400 },
  );
}, 120_000);

test("requests the document refuses are answered 400 and write nothing", async () => {
  await fc.assert(
    fc.asyncProperty(invalidRequest, async (generated) => {
      const before = await rowCounts();
      const response = await send(generated);
      expect({ operation: generated.operationId, url: generated.url, status: response.status }).toEqual(
        expect.objectContaining({ status: 400 }),
      );
      expect(await rowCounts()).toEqual(before);
    }),
    { numRuns: 400 },
  );
}, 120_000);
