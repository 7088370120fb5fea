import { readJsonBody } from "@bookstore/http-kit";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { hash } from "node:crypto";

/** JSON with every object's keys in order: the same for bodies that differ only in key order or spacing. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What makes two requests the same request: method, path and canonical body, hashed (SHA-256, base64url). */
export function requestFingerprint(event: APIGatewayProxyEvent): string {
  return hash("sha256", `${event.httpMethod}\n${event.path}\n${canonicalJson(readJsonBody(event))}`, "base64url");
}
