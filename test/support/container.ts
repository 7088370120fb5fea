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
  /** The functions' handlers by service, and the ORM layer they use, as this container loaded them. */
  modules: { handlers: Record<string, LambdaHttpHandler>; orm: typeof import("@bookstore/orm") };
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
  let orm!: typeof import("@bookstore/orm");
  let local!: typeof import("@bookstore/local");
  jest.isolateModules(() => {
    local = require("@bookstore/local") as typeof import("@bookstore/local");
    handlers = local.loadHandlers();
    orm = require("@bookstore/orm") as typeof import("@bookstore/orm");
  });
  let sequence = 0;
  return {
    async invoke(method, url, body) {
      const requestId = `fault-${++sequence}`;
      const event = local.invocationEvent({ method, url, body, requestId });
      const service = local.matchRoute(event.path)?.service as string;
      const started = performance.now();
      const result: APIGatewayProxyResult = await (handlers[service] as LambdaHttpHandler)(event, {
        awsRequestId: requestId,
        functionName: service,
        getRemainingTimeInMillis: () => 10_000,
      } as Context);
      return {
        statusCode: result.statusCode,
        headers: (result.headers ?? {}) as Record<string, string>,
        body: result.body ? JSON.parse(result.body) : undefined,
        durationMs: performance.now() - started,
      };
    },
    close: () => orm.closeDataSource(),
    modules: { handlers, orm },
  };
}
