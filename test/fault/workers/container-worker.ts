import { aBook, aReview } from "@bookstore/test-harness";
// One simulated Lambda container in its own process: the deployed handlers
// with their own DataSource (one connection), driven by its parent over IPC.
import { handler as books } from "@bookstore/books-service";
import { getDataSource } from "@bookstore/orm";
import { handler as reviews } from "@bookstore/reviews-service";
import { invocationEvent } from "@bookstore/local/invocation-event";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

let sequence = 0;
function invoke(handler: Handler, method: string, url: string, body?: unknown) {
  const requestId = `${process.pid}-${++sequence}`;
  return handler(invocationEvent({ method, url, body, requestId }), { awsRequestId: requestId, functionName: "burst" } as Context);
}

async function work(): Promise<number[]> {
  const statuses: number[] = [];
  const created = await invoke(books, "POST", "/book", aBook({ title: `Burst ${process.pid}`, author: "Burst", publisher: "P", year: 2020 }));
  statuses.push(created.statusCode);
  const bookId = created.statusCode === 201 ? (JSON.parse(created.body) as { id: number }).id : 1;
  statuses.push((await invoke(books, "GET", `/book/${bookId}`)).statusCode);
  statuses.push((await invoke(reviews, "POST", "/review", aReview({ bookId, reviewer: "r", rate: 4 }))).statusCode);
  statuses.push((await invoke(reviews, "GET", `/review?bookId=${bookId}`)).statusCode);
  statuses.push((await invoke(books, "GET", "/book?limit=5")).statusCode);
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
