/**
 * Who may call a method: `anyone`; `signed-in`, any verified user; `editors`,
 * members of the editors group. API Gateway verifies the token of every
 * method that is not `anyone`; the function then checks the level (and,
 * where a route says so, who owns what).
 */
export type Access = "anyone" | "signed-in" | "editors";

/** The user pool group whose members may change books and delete any review. */
export const EDITORS_GROUP = "editors";

/**
 * The REST API's resources, their methods with who may call each, and which
 * function serves them. The local runtime serves this same table; a test
 * holds the OpenAPI document to it.
 */
export const API_ROUTES = [
  { resource: "/book", service: "books", methods: ["GET", "POST", "PUT"], access: { GET: "anyone", POST: "editors", PUT: "editors" } },
  { resource: "/book/{id}", service: "books", methods: ["GET", "PATCH", "DELETE"], access: { GET: "anyone", PATCH: "editors", DELETE: "editors" } },
  { resource: "/review", service: "reviews", methods: ["GET", "POST", "PUT"], access: { GET: "anyone", POST: "signed-in", PUT: "signed-in" } },
  // A review's author, or an editor: the function tells them apart.
  { resource: "/review/{id}", service: "reviews", methods: ["GET", "DELETE"], access: { GET: "anyone", DELETE: "signed-in" } },
] as const satisfies ReadonlyArray<{ resource: string; service: string; methods: readonly string[]; access: Readonly<Record<string, Access>> }>;

/**
 * How long API Gateway waits for a function's answer (each integration's
 * timeout), and how long Lambda lets a function run (shorter): a function
 * answers before both.
 */
export const INTEGRATION_TIMEOUT_SECONDS = 15;
export const FUNCTION_TIMEOUT_SECONDS = 10;

/** Who may call `method` on `resource`; undefined for a method the resource does not have. */
export function accessOf(resource: string, method: string): Access | undefined {
  const route = API_ROUTES.find((candidate) => candidate.resource === resource);
  return route ? (route.access as Readonly<Record<string, Access>>)[method] : undefined;
}

/** Request headers a browser may send cross-origin: answered by preflights here and in API Gateway alike. */
export const CORS_ALLOWED_HEADERS = [
  "content-type",
  "authorization",
  "if-none-match",
  "if-match",
  "idempotency-key",
  "x-api-key",
  "x-amz-date",
  "x-amz-security-token",
] as const;

/** Response headers a browser page may read besides the always-safe ones. */
export const CORS_EXPOSED_HEADERS = ["etag", "location", "retry-after", "idempotent-replayed"] as const;

export type ServiceName = (typeof API_ROUTES)[number]["service"];
