import { codesWithStatus, ERROR_CODES } from "@bookstore/api-contract";
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";
import type { ZodOpenApiResponsesObject } from "zod-openapi";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().check(z.meta({ example: "VALIDATION_FAILED" })),
      message: z.string(),
      details: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    }),
    requestId: z.string(),
  })
  .check(z.meta({ id: "Error" }));

/** An error response's description: the codes answered with that status, and what each means. */
function describeStatus(status: number): string {
  return codesWithStatus(status)
    .map((code) => `${code}: ${ERROR_CODES[code].description}`)
    .join("; ");
}

export function jsonContent(schema: $ZodType) {
  return { content: { "application/json": { schema } } };
}

/** The error responses an operation can give, all in the one error shape. */
export function errorResponses(...statuses: number[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    [...statuses, 500, 503, 504].map((status) => [
      String(status),
      { description: describeStatus(status), ...jsonContent(errorSchema) },
    ]),
  );
}
