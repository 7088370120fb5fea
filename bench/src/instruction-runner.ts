// Loads the handler and answers BENCH_INVOCATIONS warm requests in a row,
// then exits: run under valgrind by `npm run bench:instructions`, which
// counts what the process executed.
import type { Context } from "aws-lambda";
import { invocationEvent, type Invocation } from "@bookstore/local/invocation-event";
import { benchContext } from "./bench-context";

type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number; body?: string }>;

const { handler } = require(process.env.BENCH_HANDLER as string) as { handler: Handler };
const request = JSON.parse(process.env.BENCH_REQUEST as string) as Invocation;
const invocations = Number(process.env.BENCH_INVOCATIONS);

async function main(): Promise<void> {
  for (let sequence = 1; sequence <= invocations; sequence += 1) {
    const requestId = `instructions-${sequence}`;
    const response = await handler(invocationEvent({ ...request, requestId }), benchContext(requestId));
    if (response.statusCode >= 300) throw new Error(`${request.method} ${request.url}: ${response.statusCode} ${response.body ?? ""}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(String(error));
    process.exit(1);
  },
);
