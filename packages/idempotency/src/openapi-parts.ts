import * as z from "zod/mini";
import type { ZodOpenApiHeadersObject } from "zod-openapi";
import { REPLAYED_HEADER } from "./answer-once";
import { IDEMPOTENCY_KEY_MAX_LENGTH } from "./idempotency-key";

/** The request header of an idempotent create. */
export const idempotencyKeyHeader = z.object({
  "idempotency-key": z.optional(
    z.string().check(
      z.minLength(1),
      z.maxLength(IDEMPOTENCY_KEY_MAX_LENGTH + 2),
      z.meta({
        description:
          "a key of the client's choosing (1 to 255 visible ASCII characters, bare or as a quoted string) that makes a retry of this create return the first answer instead of creating again; kept for IDEMPOTENCY_KEY_TTL_SECONDS (24 h by default)",
        example: "8e03978e-40d5-43e8-bc93-6894a57f9324",
      }),
    ),
  ),
});

/** The header that marks a kept answer given again. */
export const replayedHeader: ZodOpenApiHeadersObject = {
  [REPLAYED_HEADER]: {
    description: "true when this is the kept answer to an earlier request with the same Idempotency-Key; nothing was written",
    schema: { type: "string", enum: ["true"] },
  },
};
