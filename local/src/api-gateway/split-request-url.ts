/**
 * Path and query of a request target as received. Not `new URL()`, which
 * reads `//host/...` as a host name rather than a path.
 */
export function splitRequestUrl(target: string): { path: string; query: URLSearchParams } {
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : target.slice(queryStart + 1));
  return { path: path || "/", query };
}
