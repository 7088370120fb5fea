import { API_ROUTES } from "@bookstore/api-contract";

export interface MatchedRoute {
  resource: string;
  methods: readonly string[];
  service: (typeof API_ROUTES)[number]["service"];
  pathParameters: Record<string, string> | null;
}

function compile(resource: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = resource
    .split("/")
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(parameter[1]);
      return "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

const COMPILED = API_ROUTES.map((route) => ({ route, ...compile(route.resource) }));

/** The API Gateway resource a request path falls under, with its decoded path parameters. */
export function matchRoute(path: string): MatchedRoute | undefined {
  for (const { route, pattern, names } of COMPILED) {
    const match = pattern.exec(path);
    if (!match) continue;
    const parameters: Record<string, string> = {};
    for (const [index, name] of names.entries()) {
      try {
        parameters[name] = decodeURIComponent(match[index + 1] ?? "");
      } catch {
        return undefined;
      }
    }
    const pathParameters = names.length > 0 ? parameters : null;
    return { resource: route.resource, methods: route.methods, service: route.service, pathParameters };
  }
  return undefined;
}
