import * as z from "zod/mini";
import { DEFAULT_TOKEN_LIFETIME_SECONDS, LOCAL_USER_POOL_PATH, type LocalUserPool } from "./local-user-pool";

export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

// Cognito's rules for user and group names.
const name = (max: number) => z.string().check(z.regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u), z.minLength(1), z.maxLength(max));

const signInRequest = z.strictObject({
  username: name(128),
  groups: z.optional(z.array(name(128)).check(z.maxLength(25))),
  expiresInSeconds: z.optional(z.int().check(z.gte(1), z.lte(MAX_TOKEN_LIFETIME_SECONDS))),
});

export type SignInRequest = z.infer<typeof signInRequest>;

export interface UserPoolAnswer {
  status: number;
  body: unknown;
}

const problem = (status: number, message: string): UserPoolAnswer => ({ status, body: { error: { code: "VALIDATION_FAILED", message } } });

/**
 * The local user pool's own endpoints, beside the API as Cognito's are
 * beside API Gateway: `GET /local-cognito/.well-known/jwks.json` (its
 * public keys) and `POST /local-cognito/token` (signs a user in without a
 * password, as `npm run token` does; only ever served on 127.0.0.1).
 * Undefined for any other path.
 */
export async function userPoolAnswer(pool: LocalUserPool, method: string, path: string, body: Buffer): Promise<UserPoolAnswer | undefined> {
  if (path === `${LOCAL_USER_POOL_PATH}/.well-known/jwks.json` && method === "GET") return { status: 200, body: pool.jwks() };
  if (path !== `${LOCAL_USER_POOL_PATH}/token`) return undefined;
  if (method !== "POST") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED", message: "use POST" } } };
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return problem(400, 'send JSON: { "username": "…", "groups": ["editors"], "expiresInSeconds": 900 }');
  }
  const parsed = signInRequest.safeParse(json);
  if (!parsed.success) return problem(400, `invalid ${[...new Set(parsed.error.issues.map((issue) => issue.path[0] ?? "body"))].join(", ")}`);
  const { username, groups, expiresInSeconds } = parsed.data;
  const idToken = await pool.signIn({ username, groups: groups ?? [], expiresInSeconds });
  return { status: 200, body: { idToken, tokenType: "Bearer", expiresIn: expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS } };
}
