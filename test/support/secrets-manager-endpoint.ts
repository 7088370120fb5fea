import { createServer, type Server } from "node:http";
import { freePort } from "@bookstore/test-harness";

/**
 * Secrets Manager's GetSecretValue over its real wire protocol (JSON 1.1,
 * `X-Amz-Target: secretsmanager.GetSecretValue`), so the real AWS SDK client
 * talks to it through AWS_ENDPOINT_URL_SECRETS_MANAGER. Counts every fetch.
 */
export class SecretsManagerEndpoint {
  private readonly secrets = new Map<string, string>();
  readonly fetches = new Map<string, number>();
  private server?: Server;
  url = "";

  put(arn: string, value: object): void {
    this.secrets.set(arn, JSON.stringify(value));
  }

  fetchCount(arn: string): number {
    return this.fetches.get(arn) ?? 0;
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const reply = (status: number, payload: object) => {
          response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
          response.end(JSON.stringify(payload));
        };
        if (request.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") {
          reply(400, { __type: "UnknownOperationException", message: "only GetSecretValue is served here" });
          return;
        }
        const { SecretId } = JSON.parse(body || "{}") as { SecretId?: string };
        const secret = SecretId ? this.secrets.get(SecretId) : undefined;
        if (!SecretId || secret === undefined) {
          reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
          return;
        }
        this.fetches.set(SecretId, this.fetchCount(SecretId) + 1);
        reply(200, {
          ARN: SecretId,
          Name: SecretId.split(":").at(-1),
          SecretString: secret,
          VersionId: `v${this.fetchCount(SecretId)}`,
          VersionStages: ["AWSCURRENT"],
          CreatedDate: Date.now() / 1000,
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
