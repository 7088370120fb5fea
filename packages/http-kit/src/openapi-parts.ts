import { codesWithStatus, ERROR_CODES, type ErrorCode } from "@bookstore/api-contract";
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";
import type { ZodOpenApiHeadersObject, ZodOpenApiResponsesObject } from "zod-openapi";
import { CURSOR_MAX_LENGTH } from "./page-cursor";
import { PAGE_LIMIT } from "./page-query";

// Bounds on what the API writes, so that a client can size its buffers.
const MESSAGE_MAX_LENGTH = 1_000;
const FIELD_MAX_LENGTH = 200;
const REQUEST_ID_MAX_LENGTH = 64;
const MAX_DETAILS = 50;

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().check(z.maxLength(MESSAGE_MAX_LENGTH)),
      details: z.optional(
        z
          .array(z.object({ field: z.string().check(z.maxLength(FIELD_MAX_LENGTH)), message: z.string().check(z.maxLength(MESSAGE_MAX_LENGTH)) }))
          .check(z.maxLength(MAX_DETAILS)),
      ),
    }),
    requestId: z.string().check(z.maxLength(REQUEST_ID_MAX_LENGTH)),
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

const headerText = (description: string, maxLength: number) => ({ description, schema: { type: "string" as const, maxLength } });

/** The headers an error response with `status` carries besides the body. */
function errorHeaders(status: number): ZodOpenApiHeadersObject | undefined {
  if (status === 401) return { "WWW-Authenticate": headerText('the challenge: Bearer realm="bookstore", with error="invalid_token" when the token sent did not verify', 500) };
  if (status === 429 || status === 503 || status === 504 || status === 409) {
    return { "Retry-After": { description: "seconds to wait before retrying (where the answer is worth retrying)", schema: { type: "integer" as const, format: "int32", minimum: 0, maximum: 3600 } } };
  }
  return undefined;
}

/**
 * The error responses an operation can give, all in the one error shape:
 * those named, and those any operation can give (429 when API Gateway
 * throttles, 500, 503, 504).
 */
export function errorResponses(...statuses: number[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    [...new Set([...statuses, 429, 500, 503, 504])].map((status) => {
      const headers = errorHeaders(status);
      return [String(status), { description: describeStatus(status), ...(headers ? { headers } : {}), ...jsonContent(errorSchema) }];
    }),
  );
}

/** A page of a keyset-paginated list: at most the largest page of items, and the cursor of the next page. */
export function pageSchema(listName: string, item: $ZodType, id: string) {
  return z
    .object({
      [listName]: z.array(item).check(z.maxLength(PAGE_LIMIT.max)),
      nextCursor: z.nullable(z.string().check(z.maxLength(CURSOR_MAX_LENGTH), z.meta({ pattern: "^[A-Za-z0-9_-]+$" }))),
    })
    .check(z.meta({ id }));
}

/** The request header of a conditional GET. */
export const ifNoneMatchHeader = z.object({
  "if-none-match": z.optional(
    z.string().check(z.maxLength(1_000), z.meta({ description: "ETags the client holds (or *): 304 without a body when one names the current representation" })),
  ),
});

/** The request header of a conditional write. */
export const ifMatchHeader = z.object({
  "if-match": z.optional(
    z.string().check(
      z.maxLength(1_000),
      z.meta({ description: "the ETag the change was based on (or *): 412 and nothing changed unless it names the current representation" }),
    ),
  ),
});

/** The ETag a representation is served with. */
export const etagHeader: ZodOpenApiHeadersObject = {
  ETag: { description: "strong validator of this representation: it changes whenever anything shown changes", schema: { type: "string", maxLength: 40 } },
};

/** 304 of a conditional GET. */
export const notModifiedResponse: ZodOpenApiResponsesObject = {
  "304": { description: "the representation If-None-Match names is still the current one; no body", headers: etagHeader },
};
