import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { DataApiError, statementError } from "./data-api-error";
import { columnMetadataOf, fieldOf, jsonValueOf, parameterValue, type SqlParameter } from "./field-values";
import { toPositional } from "./named-parameters";

export interface DataApiEndpointOptions {
  /** The cluster ARN requests must name. */
  resourceArn: string;
  /** The secrets requests may name, each with the database URL whose credentials it holds. */
  secrets: Readonly<Record<string, string>>;
  /** The service's limits; smaller values make them testable. */
  statementTimeoutMs?: number;
  transactionIdleMs?: number;
  maxResponseBytes?: number;
  port?: number;
  /** As a cluster whose HTTP endpoint (the Data API) is off. @default true */
  enabled?: boolean;
}

interface Transaction {
  client: pg.PoolClient;
  timer: NodeJS.Timeout;
  /** Calls on one transaction run one after the other, as the service runs them. */
  queue: Promise<unknown>;
}

// Values come back as PostgreSQL's text, turned into Fields by type.
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/rds-data\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;
const MODIFYING = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

const body = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

/**
 * The RDS Data API on this machine, over a real PostgreSQL: the service's
 * rest-json wire protocol (POST /Execute, /BatchExecute, /BeginTransaction,
 * /CommitTransaction, /RollbackTransaction), so that the real SDK client and
 * the real TypeORM driver are what run against it. SigV4-signed requests
 * only; statements time out after 45 s and results over 1 MiB are refused,
 * as in the service; a transaction has a connection of its own and ends
 * after 3 minutes without a call.
 */
export class DataApiEndpoint {
  private readonly pools = new Map<string, pg.Pool>();
  private readonly transactions = new Map<string, Transaction>();
  private readonly typeNames = new Map<number, string>();
  private resumingUntil = 0;
  private server?: Server;
  url = "";

  private constructor(private readonly options: DataApiEndpointOptions) {}

  static async start(options: DataApiEndpointOptions): Promise<DataApiEndpoint> {
    const endpoint = new DataApiEndpoint(options);
    await endpoint.listen(options.port ?? 0);
    return endpoint;
  }

  /** Answers DatabaseResumingException for `ms`, as a cluster waking from zero capacity does. */
  resumeFor(ms: number): void {
    this.resumingUntil = Date.now() + ms;
  }

  /** Stops answering (connections refused) without forgetting the database, as an outage would. */
  async stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  async listen(port: number): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  async close(): Promise<void> {
    await this.stopListening();
    for (const [id, transaction] of this.transactions) await this.endTransaction(id, transaction, "ROLLBACK").catch(() => undefined);
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": requestId, ...headers });
      response.end(JSON.stringify(payload));
    };
    try {
      const text = await body(request);
      const authorization = request.headers.authorization ?? "";
      if (!SIGV4.test(authorization)) {
        const type = authorization ? "InvalidSignatureException" : "MissingAuthenticationTokenException";
        send(403, { message: "requests must be signed with SigV4 for the rds-data service" }, { "x-amzn-errortype": type });
        return;
      }
      const operations: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
        "/Execute": (input) => this.execute(input),
        "/BatchExecute": (input) => this.batchExecute(input),
        "/BeginTransaction": (input) => this.beginTransaction(input),
        "/CommitTransaction": (input) => this.finishTransaction(input, "COMMIT"),
        "/RollbackTransaction": (input) => this.finishTransaction(input, "ROLLBACK"),
      };
      const operation = request.method === "POST" ? operations[request.url ?? ""] : undefined;
      if (!operation) {
        send(404, { message: `no operation at ${request.method} ${request.url}` }, { "x-amzn-errortype": "UnknownOperationException" });
        return;
      }
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(text || "{}") as Record<string, unknown>;
      } catch {
        send(400, { message: "the request body is not JSON" }, { "x-amzn-errortype": "SerializationException" });
        return;
      }
      send(200, await operation(input));
    } catch (error) {
      const failure = error instanceof DataApiError ? error : new DataApiError("InternalServerErrorException", "internal error");
      send(failure.status, { message: failure.message, ...failure.members }, { "x-amzn-errortype": failure.errorType });
    }
  }

  private connectionUrl(input: Record<string, unknown>): string {
    if (input.resourceArn !== this.options.resourceArn) {
      throw new DataApiError("BadRequestException", `resourceArn ${String(input.resourceArn)} is not a cluster with the Data API enabled`);
    }
    if (this.options.enabled === false) {
      throw new DataApiError("HttpEndpointNotEnabledException", `HttpEndpoint is not enabled for resource ${this.options.resourceArn}`);
    }
    const url = this.options.secrets[String(input.secretArn)];
    if (!url) throw new DataApiError("InvalidSecretException", `secretArn ${String(input.secretArn)} is not a secret for this cluster`);
    if (Date.now() < this.resumingUntil) {
      throw new DataApiError("DatabaseResumingException", "The Aurora DB instance is resuming after being auto-paused. Please wait a few seconds and try again.");
    }
    if (typeof input.database !== "string" || input.database === "") return url;
    const withDatabase = new URL(url);
    withDatabase.pathname = `/${encodeURIComponent(input.database)}`;
    return withDatabase.toString();
  }

  private pool(url: string): pg.Pool {
    let pool = this.pools.get(url);
    if (!pool) {
      pool = new pg.Pool({
        connectionString: url,
        max: 10,
        // The service runs in UTC and stops statements after its timeout.
        options: `-c TimeZone=UTC -c statement_timeout=${this.options.statementTimeoutMs ?? 45_000}`,
      });
      pool.on("error", () => undefined);
      // A connection that dies while lent out (a transaction's, between
      // calls, or as pg-pool lends it, before a borrower could listen) must
      // not take the endpoint down: its next query fails and is answered as
      // the service answers a lost connection.
      pool.on("connect", (client) => client.on("error", () => undefined));
      this.pools.set(url, pool);
    }
    return pool;
  }

  private async connect(url: string): Promise<pg.PoolClient> {
    try {
      return await this.pool(url).connect();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "28P01" || code === "28000") throw new DataApiError("SecretsErrorException", "the secret's credentials were refused by the database");
      throw new DataApiError("DatabaseUnavailableException", "the database is not reachable");
    }
  }

  private async typeName(client: pg.PoolClient, typeId: number): Promise<string> {
    let name = this.typeNames.get(typeId);
    if (!name) {
      const { rows } = await client.query<{ typname: string }>("SELECT typname FROM pg_type WHERE oid = $1", [typeId]);
      name = rows[0]?.typname ?? "unknown";
      this.typeNames.set(typeId, name);
    }
    return name;
  }

  /** Runs `work` on the transaction's connection, or on a connection of the pool for this call alone. */
  private async withClient<T>(input: Record<string, unknown>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const url = this.connectionUrl(input);
    const id = input.transactionId;
    if (typeof id === "string" && id !== "") {
      const transaction = this.transactions.get(id);
      if (!transaction) throw new DataApiError("TransactionNotFoundException", `Transaction ${id} is not found`);
      this.touch(id, transaction);
      const run = transaction.queue.then(() => work(transaction.client));
      transaction.queue = run.catch(() => undefined);
      return run;
    }
    const client = await this.connect(url);
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  private async query(client: pg.PoolClient, sql: string, parameters: SqlParameter[]): Promise<pg.QueryArrayResult> {
    const byName = new Map(parameters.map((parameter) => [parameter.name ?? "", parameter]));
    const values: unknown[] = [];
    const { text } = toPositional(sql, (name, position) => {
      const parameter = byName.get(name);
      if (!parameter) throw new DataApiError("BadRequestException", `no value was given for the parameter :${name}`);
      const { value, cast } = parameterValue(parameter);
      values[position - 1] = value;
      return `$${position}${cast ? `::${cast}` : ""}`;
    });
    try {
      return await client.query({ text, values, rowMode: "array", types: RAW_TEXT });
    } catch (error) {
      const failure = error as { message: string; code?: string; detail?: string; position?: string };
      if (failure.code === "57014") {
        throw new DataApiError("StatementTimeoutException", "The statement timed out", { dbConnectionId: (client as unknown as { processID: number }).processID });
      }
      throw statementError(failure);
    }
  }

  private async execute(input: Record<string, unknown>): Promise<unknown> {
    if (typeof input.sql !== "string" || input.sql === "") throw new DataApiError("BadRequestException", "sql is required");
    const sql = input.sql;
    return this.withClient(input, async (client) => {
      const result = await this.query(client, sql, (input.parameters as SqlParameter[] | undefined) ?? []);
      const output: Record<string, unknown> = {
        numberOfRecordsUpdated: MODIFYING.has(result.command) ? (result.rowCount ?? 0) : 0,
        generatedFields: [],
      };
      if (result.fields.length > 0) {
        if (input.formatRecordsAs === "JSON") {
          output.formattedRecords = JSON.stringify(
            result.rows.map((row) => Object.fromEntries(result.fields.map((field, index) => [field.name, jsonValueOf(row[index] as string | null, field.dataTypeID)]))),
          );
        } else {
          output.records = result.rows.map((row) => row.map((value, index) => fieldOf(value as string | null, (result.fields[index] as pg.FieldDef).dataTypeID)));
        }
        if (input.includeResultMetadata === true) {
          output.columnMetadata = [];
          for (const field of result.fields) {
            (output.columnMetadata as unknown[]).push(columnMetadataOf(field.name, field.dataTypeID, await this.typeName(client, field.dataTypeID)));
          }
        }
      }
      const size = Buffer.byteLength(JSON.stringify(output.records ?? output.formattedRecords ?? []));
      if (size > (this.options.maxResponseBytes ?? 1024 * 1024)) {
        throw new DataApiError("BadRequestException", "Database returned more than the allowed response size limit");
      }
      return output;
    });
  }

  private async batchExecute(input: Record<string, unknown>): Promise<unknown> {
    const sets = (input.parameterSets as SqlParameter[][] | undefined) ?? [];
    const sql = String(input.sql ?? "");
    const inTransaction = typeof input.transactionId === "string" && input.transactionId !== "";
    return this.withClient(input, async (client) => {
      // Outside a transaction the batch is applied whole or not at all.
      if (!inTransaction) await client.query("BEGIN");
      try {
        for (const parameters of sets) await this.query(client, sql, parameters);
        if (!inTransaction) await client.query("COMMIT");
      } catch (error) {
        if (!inTransaction) await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      return { updateResults: sets.map(() => ({ generatedFields: [] })) };
    });
  }

  private async beginTransaction(input: Record<string, unknown>): Promise<unknown> {
    const client = await this.connect(this.connectionUrl(input));
    try {
      await this.query(client, "BEGIN", []);
    } catch (error) {
      // No transaction began: the connection goes back (dropped, if it failed).
      client.release(error as Error);
      throw error;
    }
    const id = randomBytes(48).toString("base64");
    const transaction: Transaction = { client, timer: setTimeout(() => undefined, 0), queue: Promise.resolve() };
    this.transactions.set(id, transaction);
    this.touch(id, transaction);
    return { transactionId: id };
  }

  private async finishTransaction(input: Record<string, unknown>, command: "COMMIT" | "ROLLBACK"): Promise<unknown> {
    this.connectionUrl(input);
    const id = String(input.transactionId ?? "");
    const transaction = this.transactions.get(id);
    if (!transaction) throw new DataApiError("TransactionNotFoundException", `Transaction ${id} is not found`);
    await transaction.queue;
    await this.endTransaction(id, transaction, command);
    return { transactionStatus: command === "COMMIT" ? "Transaction Committed" : "Rollback Complete" };
  }

  /** A transaction left without a call for the idle limit is rolled back and forgotten. */
  private touch(id: string, transaction: Transaction): void {
    clearTimeout(transaction.timer);
    // Nobody waits for that rollback: a connection lost meanwhile has ended the transaction anyway.
    transaction.timer = setTimeout(() => void this.endTransaction(id, transaction, "ROLLBACK").catch(() => undefined), this.options.transactionIdleMs ?? 180_000);
    transaction.timer.unref();
  }

  private async endTransaction(id: string, transaction: Transaction, command: "COMMIT" | "ROLLBACK"): Promise<void> {
    clearTimeout(transaction.timer);
    this.transactions.delete(id);
    try {
      await transaction.client.query(command);
      transaction.client.release();
    } catch (error) {
      transaction.client.release(error as Error);
      throw statementError(error as { message: string; code?: string });
    }
  }
}
