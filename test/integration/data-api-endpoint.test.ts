import {
  BadRequestException,
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseErrorException,
  DatabaseResumingException,
  ExecuteStatementCommand,
  InvalidSecretException,
  type RDSDataClient,
  RollbackTransactionCommand,
  StatementTimeoutException,
  TransactionNotFoundException,
} from "@aws-sdk/client-rds-data";
import { DataApiEndpoint } from "@bookstore/local";
import { CLUSTER, DATA_API_TARGET as target, localDataApiClient, SECRET } from "../support/local-data-api-client";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery } from "../support/owner-database";

useIsolatedDatabase();

let endpoint: DataApiEndpoint;
let client: RDSDataClient;

beforeAll(async () => {
  endpoint = await DataApiEndpoint.start({
    resourceArn: CLUSTER,
    secrets: { [SECRET]: process.env.DATABASE_URL as string },
    statementTimeoutMs: 500,
    transactionIdleMs: 400,
    maxResponseBytes: 64 * 1024,
  });
  client = localDataApiClient(endpoint.url);
});
afterAll(async () => {
  client.destroy();
  await endpoint.close();
});

const execute = (sql: string, extra: Partial<ConstructorParameters<typeof ExecuteStatementCommand>[0]> = {}) =>
  client.send(new ExecuteStatementCommand({ ...target, sql, ...extra }));

describe("the local Data API, through the real SDK client", () => {
  test("runs a statement with named parameters, type hints and every kind of Field", async () => {
    const result = await execute(
      "SELECT :id::int AS id, :name AS name, :ratio::float8 AS ratio, :flag AS flag, :nothing::text AS nothing, :at AS at, :price AS price, :name || '!' AS again, '::not a :parameter' AS literal",
      {
        parameters: [
          { name: "id", value: { longValue: 42 } },
          { name: "name", value: { stringValue: "Dune" } },
          { name: "ratio", value: { doubleValue: 0.5 } },
          { name: "flag", value: { booleanValue: true } },
          { name: "nothing", value: { isNull: true } },
          { name: "at", value: { stringValue: "2024-02-29 12:34:56.789" }, typeHint: "TIMESTAMP" },
          { name: "price", value: { stringValue: "12.50" }, typeHint: "DECIMAL" },
        ],
        includeResultMetadata: true,
      },
    );
    expect(result.records).toEqual([
      [
        { longValue: 42 },
        { stringValue: "Dune" },
        { doubleValue: 0.5 },
        { booleanValue: true },
        { isNull: true },
        { stringValue: "2024-02-29 12:34:56.789" },
        { stringValue: "12.50" },
        { stringValue: "Dune!" },
        { stringValue: "::not a :parameter" },
      ],
    ]);
    expect(result.columnMetadata?.map((column) => [column.name, column.typeName, column.type])).toEqual([
      ["id", "int4", 4],
      ["name", "text", 12],
      ["ratio", "float8", 8],
      ["flag", "bool", -7],
      ["nothing", "text", 12],
      ["at", "timestamp", 93],
      ["price", "numeric", 2],
      ["again", "text", 12],
      ["literal", "text", 12],
    ]);
    expect(result.numberOfRecordsUpdated).toBe(0);
  });

  test("reports rows changed, formats records as JSON on request, and writes timestamps in UTC", async () => {
    const inserted = await execute("INSERT INTO book (title, author, publisher, year) VALUES (:t, 'A', 'P', 2001), (:t, 'B', 'P', 2002)", {
      parameters: [{ name: "t", value: { stringValue: "Data API" } }],
    });
    expect(inserted.numberOfRecordsUpdated).toBe(2);
    const json = await execute("SELECT author, year, created_at FROM book WHERE title = :t ORDER BY author", {
      parameters: [{ name: "t", value: { stringValue: "Data API" } }],
      formatRecordsAs: "JSON",
    });
    const rows = JSON.parse(json.formattedRecords as string) as Array<{ author: string; year: number; created_at: string }>;
    expect(rows.map(({ author, year }) => ({ author, year }))).toEqual([{ author: "A", year: 2001 }, { author: "B", year: 2002 }]);
    expect(rows[0]?.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/);
    expect(json.records).toBeUndefined();
  });

  test("database errors carry PostgreSQL's message and SQLSTATE, as the service words them", async () => {
    const failure = await execute("INSERT INTO review (book_id, reviewer, rate) VALUES (2147483647, 'R', 3)").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseErrorException);
    expect((failure as DatabaseErrorException).$metadata.httpStatusCode).toBe(400);
    expect((failure as Error).message).toMatch(/^ERROR: insert or update on table "review" violates foreign key constraint "review_book_id_fkey"\n {2}Detail: .*; SQLState: 23503$/s);
  });

  test("transactions: their own connection, committed or rolled back, and gone after idling", async () => {
    const { transactionId } = await client.send(new BeginTransactionCommand(target));
    await execute("INSERT INTO book (title, author, publisher, year) VALUES ('In a transaction', 'T', 'P', 2000)", { transactionId });
    const outside = await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE title = 'In a transaction'");
    expect(outside[0]?.count).toBe(0);
    expect(await client.send(new CommitTransactionCommand({ ...target, transactionId }))).toMatchObject({ transactionStatus: "Transaction Committed" });
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE title = 'In a transaction'"))[0]?.count).toBe(1);

    const second = await client.send(new BeginTransactionCommand(target));
    await execute("DELETE FROM book WHERE title = 'In a transaction'", { transactionId: second.transactionId });
    expect(await client.send(new RollbackTransactionCommand({ ...target, transactionId: second.transactionId }))).toMatchObject({ transactionStatus: "Rollback Complete" });
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE title = 'In a transaction'"))[0]?.count).toBe(1);

    const idle = await client.send(new BeginTransactionCommand(target));
    await execute("DELETE FROM book WHERE title = 'In a transaction'", { transactionId: idle.transactionId });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const expired = await execute("SELECT 1", { transactionId: idle.transactionId }).catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(TransactionNotFoundException);
    expect((expired as TransactionNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE title = 'In a transaction'"))[0]?.count).toBe(1);
  });

  test("a batch applies every parameter set, or none when one fails", async () => {
    const sets = ["x", "y"].map((author) => [{ name: "author", value: { stringValue: author } }]);
    const result = await client.send(new BatchExecuteStatementCommand({ ...target, sql: "INSERT INTO book (title, author, publisher, year) VALUES ('Batch', :author, 'P', 2000)", parameterSets: sets }));
    expect(result.updateResults).toHaveLength(2);
    const failing = [...sets, [{ name: "author", value: { isNull: true } }]];
    await expect(client.send(new BatchExecuteStatementCommand({ ...target, sql: "INSERT INTO book (title, author, publisher, year) VALUES ('Batch', :author, 'P', 2000)", parameterSets: failing }))).rejects.toBeInstanceOf(DatabaseErrorException);
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE title = 'Batch'"))[0]?.count).toBe(2);
  });

  test("the service's limits and states are errors the SDK recognises", async () => {
    const slow = await execute("SELECT pg_sleep(2)").catch((error: unknown) => error);
    expect(slow).toBeInstanceOf(StatementTimeoutException);
    expect((slow as StatementTimeoutException).dbConnectionId).toEqual(expect.any(Number));

    const large = await execute("SELECT repeat('x', 1000) FROM generate_series(1, 100)").catch((error: unknown) => error);
    expect(large).toBeInstanceOf(BadRequestException);
    expect((large as Error).message).toMatch(/response size limit/);

    const wrongSecret = await client.send(new ExecuteStatementCommand({ ...target, secretArn: `${SECRET}-other`, sql: "SELECT 1" })).catch((error: unknown) => error);
    expect(wrongSecret).toBeInstanceOf(InvalidSecretException);

    endpoint.resumeFor(300);
    const resuming = await execute("SELECT 1").catch((error: unknown) => error);
    expect(resuming).toBeInstanceOf(DatabaseResumingException);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await execute("SELECT 1 AS one")).records).toEqual([[{ longValue: 1 }]]);
  });

  test("a request without a SigV4 signature for rds-data is refused", async () => {
    const unsigned = await fetch(`${endpoint.url}/Execute`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...target, sql: "SELECT 1" }) });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    const otherService = await fetch(`${endpoint.url}/Execute`, {
      method: "POST",
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/rds-db/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}` },
      body: JSON.stringify({ ...target, sql: "SELECT 1" }),
    });
    expect(otherService.status).toBe(403);
  });
});
