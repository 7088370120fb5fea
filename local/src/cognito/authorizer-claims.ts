import type { JwtPayload } from "aws-jwt-verify/jwt-model";

// How API Gateway writes a time claim into requestContext.authorizer.claims.
const dateClaim = (seconds: number) => new Date(seconds * 1000).toUTCString().replace("GMT", "UTC");
const TIME_CLAIMS = new Set(["exp", "iat", "nbf"]);

/**
 * A verified token's claims as a REST API's Cognito authorizer passes them
 * to the function: every value a string, a list joined with commas.
 */
export function authorizerClaims(payload: JwtPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] =
      TIME_CLAIMS.has(name) && typeof value === "number" ? dateClaim(value) : Array.isArray(value) ? value.join(",") : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return claims;
}
