import { JwtVerifier } from "aws-jwt-verify";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { randomUUID, type KeyObject } from "node:crypto";
import { localSubjectOf } from "./local-subject";
import { newSigningKeys } from "./signing-keys";
import { SignJWT, type JWK } from "jose";

/** What a sign-in says of the user: the claims Cognito puts in an ID token. */
export interface LocalSignIn {
  username: string;
  groups?: readonly string[];
  /** Seconds the token is valid; negative makes one already expired. */
  expiresInSeconds?: number;
  /** Seconds from now before which the token is not valid yet (`nbf`). */
  notBeforeSeconds?: number;
  /** Claims to set or replace (`iss`, `aud`, `token_use`, …): for tokens a verifier must refuse. */
  claims?: Record<string, unknown>;
}

/** The path under which the local user pool serves its keys and tokens, as Cognito serves them under the pool's issuer URL. */
export const LOCAL_USER_POOL_PATH = "/local-cognito";
export const LOCAL_CLIENT_ID = "bookstore-local-client";
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60 * 60;

/**
 * Stands in for a Cognito user pool: an RS256 key pair of its own, its
 * public keys as a JWKS, and ID tokens with Cognito's claims (`sub`,
 * `cognito:username`, `cognito:groups`, `token_use`, `aud` = the app
 * client). Tokens are verified with aws-jwt-verify against that JWKS, as
 * API Gateway's Cognito authorizer verifies the real pool's.
 */
export class LocalUserPool {
  private readonly verifier;

  private constructor(
    readonly issuer: string,
    private readonly privateKey: KeyObject,
    private readonly publicJwk: JWK,
  ) {
    this.verifier = JwtVerifier.create({
      issuer,
      audience: LOCAL_CLIENT_ID,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== "id") throw new Error("not an ID token");
      },
    });
    // The keys are this process's own: nothing is fetched.
    this.verifier.cacheJwks(this.jwks());
  }

  /** A pool with a new key pair; `issuer` is the URL its tokens name (`iss`). */
  static create(issuer: string): LocalUserPool {
    const { privateKey, publicJwk } = newSigningKeys();
    return new LocalUserPool(issuer, privateKey, { ...publicJwk, kid: randomUUID(), alg: "RS256", use: "sig" });
  }

  /** The public keys, as served at `<issuer>/.well-known/jwks.json`. */
  jwks(): { keys: Array<JWK & { kid: string; alg: string; kty: string; use: string }> } {
    return { keys: [this.publicJwk as JWK & { kid: string; alg: string; kty: string; use: string }] };
  }

  /** An ID token for a user, signed with the pool's key. */
  async signIn({ username, groups = [], expiresInSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS, notBeforeSeconds, claims = {} }: LocalSignIn): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const token = new SignJWT({
      token_use: "id",
      "cognito:username": username,
      ...(groups.length > 0 ? { "cognito:groups": [...groups] } : {}),
      auth_time: now,
      iss: this.issuer,
      aud: LOCAL_CLIENT_ID,
      ...claims,
    })
      .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid as string, typ: "JWT" })
      .setSubject(localSubjectOf(username))
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .setJti(randomUUID());
    if (notBeforeSeconds !== undefined) token.setNotBefore(now + notBeforeSeconds);
    return token.sign(this.privateKey);
  }

  /** The token's claims when it verifies (signature, algorithm, issuer, audience, expiry, not-before, token use); throws otherwise. */
  verify(token: string): Promise<JwtPayload> {
    return this.verifier.verify(token);
  }
}
