import type { APIGatewayProxyEvent } from "aws-lambda";
import { ApiError } from "./api-error";
import { headerOf } from "./request-header";

export const MAX_BODY_BYTES = 64 * 1024;

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * The request body as a JSON object, or the 4xx that says why not:
 * 415 for a body that is not JSON content, 413 above 64 KB,
 * 400 INVALID_JSON for a missing, malformed or non-object body.
 */
export function readJsonBody(event: APIGatewayProxyEvent): Record<string, unknown> {
  const contentType = headerOf(event, "content-type");
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : undefined;
  const size = bytes ? bytes.length : Buffer.byteLength(raw, "utf8");
  if (size > MAX_BODY_BYTES) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `the body is ${size} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  if (size === 0) {
    throw new ApiError("INVALID_JSON", "a JSON object body is required");
  }
  if (!contentType || !isJsonMediaType(contentType)) {
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "the body must be sent as content-type: application/json", [
      { field: "content-type", message: `expected application/json, got ${contentType ? JSON.stringify(contentType) : "none"}` },
    ]);
  }
  let parsed: unknown;
  try {
    // A text body is already decoded: only its unpaired surrogates, which
    // UTF-8 cannot carry, become U+FFFD, as they would if sent as bytes.
    parsed = JSON.parse(bytes ? new TextDecoder("utf-8", { fatal: true }).decode(bytes) : raw.toWellFormed());
  } catch {
    throw new ApiError("INVALID_JSON", "the body is not valid UTF-8 JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ApiError("INVALID_JSON", "the body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}
