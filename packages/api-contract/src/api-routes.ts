/**
 * The REST API's resources and methods, and which function serves each.
 * The local runtime serves this same table; a test holds the OpenAPI
 * document to it.
 */
export const API_ROUTES = [
  { resource: "/book", methods: ["GET", "POST", "PUT"], service: "books" },
  { resource: "/book/{id}", methods: ["GET", "PATCH", "DELETE"], service: "books" },
  { resource: "/review", methods: ["GET", "POST", "PUT"], service: "reviews" },
  { resource: "/review/{id}", methods: ["GET", "DELETE"], service: "reviews" },
] as const;

/** Request headers a browser may send cross-origin: answered by preflights here and in API Gateway alike. */
export const CORS_ALLOWED_HEADERS = ["content-type", "authorization", "x-api-key", "x-amz-date", "x-amz-security-token"] as const;

export type ServiceName = (typeof API_ROUTES)[number]["service"];
