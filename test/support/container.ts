import type { LambdaHttpHandler } from "@bookstore/local";
import type { APIGatewayProxyResult, Context } from "aws-lambda";

export interface InvokeResult {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
  durationMs: number;
}

export interface Container {
  invoke(method: string, url: string, body?: unknown): Promise<InvokeResult>;
  /** Closes this container's connection, as when Lambda retires it. */
  close(): Promise<void>;
}

/**
 * A simulated Lambda container: the deployed handler modules loaded afresh
 * (own module registry, so its own DataSource and connection) with `env`,
 * invoked with the same proxy events API Gateway sends.
 */
export function startContainer(env: Record<string, string>): Container {
  // Only the settings given: a container's configuration is its whole environment.
  for (const name of Object.keys(process.env)) {
    if (/^(DATABASE_URL|PG[A-Z]+|DB_[A-Z_]+|AWS_[A-Z_]+)$/.test(name)) delete process.env[name];
  }
  Object.assign(process.env, env);
  let handlers!: Record<string, LambdaHttpHandler>;
  let closeDataSource!: () => Promise<void>;
  let local!: typeof import("@bookstore/local");
  jest.isolateModules(() => {
    local = require("@bookstore/local") as typeof import("@bookstore/local");
    handlers = local.loadHandlers();
    closeDataSource = (require("@bookstore/orm") as typeof import("@bookstore/orm")).closeDataSource;
  });
  let sequence = 0;
  return {
    async invoke(method, url, body) {
      const path = url.split("?")[0] as string;
      const route = local.matchRoute(path);
      if (!route) throw new Error(`no route for ${url}`);
      const requestId = `fault-${++sequence}`;
      const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
      const event = local.toApiGatewayEvent(
        { method, url, headers: body === undefined ? {} : { "content-type": "application/json" }, body: payload, sourceIp: "127.0.0.1", requestId, stage: "test" },
        route,
      );
      const started = performance.now();
      const result: APIGatewayProxyResult = await (handlers[route.service] as LambdaHttpHandler)(event, {
        awsRequestId: requestId,
        functionName: route.service,
        getRemainingTimeInMillis: () => 10_000,
      } as Context);
      return {
        statusCode: result.statusCode,
        headers: (result.headers ?? {}) as Record<string, string>,
        body: result.body ? JSON.parse(result.body) : undefined,
        durationMs: performance.now() - started,
      };
    },
    close: () => closeDataSource(),
  };
}
