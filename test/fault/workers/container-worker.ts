// One simulated Lambda container in its own process: the deployed handlers
// with their own DataSource (one connection), driven by its parent over IPC.
import { handler as books } from "@bookstore/books-service";
import { getDataSource } from "@bookstore/orm";
import { handler as reviews } from "@bookstore/reviews-service";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

let sequence = 0;
function invoke(handler: Handler, method: string, resource: string, path: string, body?: unknown, query?: Record<string, string>) {
  const requestId = `${process.pid}-${++sequence}`;
  const id = /\/(\d+)$/.exec(path)?.[1];
  const event = {
    resource,
    path,
    httpMethod: method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    multiValueHeaders: {},
    queryStringParameters: query ?? null,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: id ? { id } : null,
    stageVariables: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId, path },
  } as unknown as APIGatewayProxyEvent;
  return handler(event, { awsRequestId: requestId, functionName: "burst" } as Context);
}

async function work(): Promise<number[]> {
  const statuses: number[] = [];
  const created = await invoke(books, "POST", "/book", "/book", { title: `Burst ${process.pid}`, author: "Burst", publisher: "P", year: 2020 });
  statuses.push(created.statusCode);
  const bookId = created.statusCode === 201 ? (JSON.parse(created.body) as { id: number }).id : 1;
  statuses.push((await invoke(books, "GET", "/book/{id}", `/book/${bookId}`)).statusCode);
  statuses.push((await invoke(reviews, "POST", "/review", "/review", { bookId, reviewer: "r", rate: 4 })).statusCode);
  statuses.push((await invoke(reviews, "GET", "/review", "/review", undefined, { bookId: String(bookId) })).statusCode);
  statuses.push((await invoke(books, "GET", "/book", "/book", undefined, { limit: "5" })).statusCode);
  return statuses;
}

process.on("message", (message) => {
  if (message !== "go") return;
  work().then(
    (statuses) => process.send?.({ statuses }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
  );
});

getDataSource().then(
  () => process.send?.("ready"),
  (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
);
