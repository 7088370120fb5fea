import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS } from "@bookstore/api-contract";

export type OriginPolicy = (origin: string | undefined) => boolean;

function originMatcher(entry: string): (origin: string) => boolean {
  // `http://localhost:*` allows that scheme and host on any port.
  if (entry.endsWith(":*")) {
    const prefix = entry.slice(0, -1);
    return (origin) => origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length));
  }
  return (origin) => origin === entry;
}

/**
 * The origins allowed to call the API from a browser, from a comma-separated
 * list (`CORS_ALLOWED_ORIGINS`): exact origins such as
 * `https://app.example.com`, or `scheme://host:*` for any port of a host.
 * An empty or absent list allows none.
 */
export function originPolicy(list: string | undefined): OriginPolicy {
  const matchers = (list ?? "")
    .split(",")
    .map((entry) => entry.trim().replace(/\/$/, ""))
    .filter(Boolean)
    .map(originMatcher);
  return (origin) => origin !== undefined && matchers.some((matches) => matches(origin));
}

/** The header a response carries for a request from `origin`: the origin itself when allowed, nothing otherwise. */
export function corsResponseHeaders(policy: OriginPolicy, origin: string | undefined): Record<string, string> {
  return policy(origin) ? { "access-control-allow-origin": origin as string, "access-control-expose-headers": CORS_EXPOSED_HEADERS.join(", "), vary: "Origin" } : {};
}

/** The answer to a preflight from an allowed origin for a resource served with `methods`. */
export function corsPreflightHeaders(origin: string, methods: readonly string[]): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": [...methods, "OPTIONS"].join(", "),
    "access-control-allow-headers": CORS_ALLOWED_HEADERS.join(", "),
    "access-control-max-age": "600",
    vary: "Origin",
  };
}
