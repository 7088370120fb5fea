import type { Response } from "supertest";

/** Asserts the error contract: status, JSON, code, the fields named, a request id. */
export function expectError(response: Response, status: number, code: string, fields: string[] = []): void {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { error: { code } } });
  expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(typeof response.body.error.message).toBe("string");
  expect(typeof response.body.requestId).toBe("string");
  expect(Object.keys(response.body).sort()).toEqual(["error", "requestId"]);
  const named = ((response.body.error.details ?? []) as Array<{ field: string }>).map((detail) => detail.field);
  for (const field of fields) expect(named).toContain(field);
}
