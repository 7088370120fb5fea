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

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "invalid input: VALIDATION_FAILED (details name each field) or INVALID_JSON",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE: the body is over 64 KB",
  415: "UNSUPPORTED_MEDIA_TYPE: the body is not application/json",
  503: "DATABASE_UNAVAILABLE, with Retry-After",
  504: "DATABASE_TIMEOUT, with Retry-After",
  500: "INTERNAL: our fault; only the request id is shown",
};

export function jsonContent(schema: $ZodType) {
  return { content: { "application/json": { schema } } };
}

/** The error responses an operation can give, all in the one error shape. */
export function errorResponses(...statuses: number[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    [...statuses, 500, 503, 504].map((status) => [
      String(status),
      { description: ERROR_DESCRIPTIONS[status] ?? "error", ...jsonContent(errorSchema) },
    ]),
  );
}
