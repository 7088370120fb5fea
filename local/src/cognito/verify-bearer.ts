import {
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtNotBeforeError,
  JwtParseError,
} from "aws-jwt-verify/error";
import { authorizerClaims } from "./authorizer-claims";
import type { LocalUserPool } from "./local-user-pool";

export type BearerOutcome =
  | { verified: true; claims: Record<string, string> }
  /** `tokenSent`: a token was there but did not verify (RFC 6750's `invalid_token`). */
  | { verified: false; tokenSent: boolean; reason: string };

// What the client is told: fixed texts, never the token or a claim of it.
function reasonOf(error: unknown): string {
  if (error instanceof JwtExpiredError) return "the token has expired";
  if (error instanceof JwtNotBeforeError) return "the token is not valid yet";
  if (error instanceof JwtInvalidIssuerError) return "the token was issued by another issuer";
  if (error instanceof JwtInvalidAudienceError) return "the token was issued for another client";
  if (error instanceof JwtInvalidSignatureAlgorithmError) return "the token's algorithm is not accepted";
  if (error instanceof JwtParseError) return "the token is not a readable JWT";
  return "the token does not verify";
}

/**
 * What API Gateway's Cognito authorizer decides for an Authorization
 * header: the token (after an optional `Bearer ` scheme) verified against
 * the pool, its claims when it does.
 */
export async function verifyBearer(pool: LocalUserPool, header: string | undefined): Promise<BearerOutcome> {
  const value = header?.trim() ?? "";
  const token = /^bearer$/i.test(value) ? "" : value.replace(/^bearer\s+/i, "");
  if (!token) return { verified: false, tokenSent: false, reason: "no bearer token: send Authorization: Bearer <token>" };
  try {
    return { verified: true, claims: authorizerClaims(await pool.verify(token)) };
  } catch (error) {
    return { verified: false, tokenSent: true, reason: reasonOf(error) };
  }
}
