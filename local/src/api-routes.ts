/**
 * The REST API as API Gateway defines it: each resource, its methods and
 * the function that serves it. The CDK app declares the same table; a test
 * keeps the two and the OpenAPI document in step.
 */
export const API_ROUTES = [
  { resource: "/book", methods: ["GET", "POST", "PUT"], service: "books" },
  { resource: "/book/{id}", methods: ["GET", "PATCH", "DELETE"], service: "books" },
  { resource: "/review", methods: ["GET", "POST", "PUT"], service: "reviews" },
  { resource: "/review/{id}", methods: ["GET", "DELETE"], service: "reviews" },
] as const;

export type ServiceName = (typeof API_ROUTES)[number]["service"];
