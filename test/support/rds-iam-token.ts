import { createHash, createHmac } from "node:crypto";

export interface TokenCheck {
  valid: boolean;
  reason?: string;
  user?: string;
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
// SigV4 URI encoding: everything but unreserved characters, spaces as %20.
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks an RDS IAM auth token the way RDS Proxy does: its shape, that it
 * names this endpoint, the user logging in and `connect`, that it is within
 * its 15 minutes, and that its SigV4 signature is right for the secret key.
 */
export function checkRdsIamToken(
  token: string,
  expected: { endpoint: string; user?: string; region: string; secretAccessKey: string; now?: Date; service?: "rds-db" | "dsql"; action?: string },
): TokenCheck {
  const service = expected.service ?? "rds-db";
  const action = expected.action ?? "connect";
  const [endpoint, rawQuery = ""] = token.split("/?");
  if (endpoint !== expected.endpoint) return { valid: false, reason: `token is for ${endpoint}` };
  const query = new URLSearchParams(rawQuery);
  const field = (name: string) => query.get(name) ?? "";
  if (field("Action") !== action) return { valid: false, reason: `Action is not ${action}` };
  // RDS tokens name the user; DSQL's name only the action (the role is chosen at login).
  if (service === "rds-db" && field("DBUser") !== expected.user) return { valid: false, reason: `token is for user ${field("DBUser")}` };
  if (field("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return { valid: false, reason: "unknown algorithm" };
  const [accessKey, day, region, scopeService, terminator] = field("X-Amz-Credential").split("/");
  if (!accessKey || region !== expected.region || scopeService !== service || terminator !== "aws4_request") {
    return { valid: false, reason: "bad credential scope" };
  }
  const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(field("X-Amz-Date"));
  if (!signedAt) return { valid: false, reason: "bad X-Amz-Date" };
  const [, y, mo, d, h, mi, s] = signedAt;
  const issued = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const ageMs = (expected.now ?? new Date()).getTime() - issued;
  const expiresMs = Number(field("X-Amz-Expires")) * 1000;
  if (expiresMs > 900_000 || ageMs > expiresMs || ageMs < -300_000) return { valid: false, reason: "token expired" };

  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => [encode(name), encode(value)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalRequest = ["GET", "/", canonicalQuery, `host:${endpoint}`, "", "host", sha256("")].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", field("X-Amz-Date"), scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${expected.secretAccessKey}`, day as string), region), service), "aws4_request");
  const signature = hmac(key, stringToSign).toString("hex");
  if (signature !== field("X-Amz-Signature")) return { valid: false, reason: "signature does not match" };
  return { valid: true, user: expected.user };
}
