import { BeginTransactionCommand, ExecuteStatementCommand, type RDSDataClient } from "@aws-sdk/client-rds-data";
import { DataApiEndpoint } from "@bookstore/local";
import { CLUSTER, DATA_API_TARGET as target, localDataApiClient, SECRET } from "../support/local-data-api-client";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";
import { TerminateOnReadyProxy } from "../support/terminate-on-ready-proxy";

// More than the endpoint keeps at once (10): had any stayed checked out, the last call would wait forever.
const TERMINATED = 11;

let fileDatabase: FileDatabase;
let proxy: TerminateOnReadyProxy;
let endpoint: DataApiEndpoint;
let client: RDSDataClient;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  proxy = await TerminateOnReadyProxy.start(fileDatabase.database.appUrl, TERMINATED);
  endpoint = await DataApiEndpoint.start({ resourceArn: CLUSTER, secrets: { [SECRET]: proxy.url(fileDatabase.database.appUrl) } });
  client = localDataApiClient(endpoint.url);
});
afterAll(async () => {
  client.destroy();
  await endpoint.close();
  await proxy.close();
  await fileDatabase.drop();
});

describe("the local Data API, its connections terminated as they are lent", () => {
  test("answers each call as the service answers a lost connection, keeps none of them, and serves the next call", async () => {
    for (let call = 0; call < TERMINATED; call += 1) {
      await expect(client.send(new BeginTransactionCommand(target))).rejects.toMatchObject({ name: "DatabaseUnavailableException" });
    }
    expect(proxy.sessionsTerminated).toBe(TERMINATED);
    await expect(client.send(new ExecuteStatementCommand({ ...target, sql: "SELECT 1 AS one" }))).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });
});
