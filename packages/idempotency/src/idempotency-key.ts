import { headerOf, validationFailed } from "@bookstore/http-kit";
import type { APIGatewayProxyEvent } from "aws-lambda";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

// Visible ASCII (%x21-7E): what fits a header, a log line and the column as is.
const KEY = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/**
 * The request's Idempotency-Key, or undefined without one. Sent bare
 * (`abc-123`) or as the IETF draft's structured-field string (`"abc-123"`),
 * it is the same key. Anything else is a 400 naming the header.
 */
export function readIdempotencyKey(event: APIGatewayProxyEvent): string | undefined {
  const value = headerOf(event, IDEMPOTENCY_KEY_HEADER);
  if (value === undefined) return undefined;
  const quoted = /^"([^"\\]*)"$/.exec(value);
  const key = quoted ? (quoted[1] as string) : value;
  if (!KEY.test(key)) {
    throw validationFailed([{ field: IDEMPOTENCY_KEY_HEADER, message: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters` }]);
  }
  return key;
}
