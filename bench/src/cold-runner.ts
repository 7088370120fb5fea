// A fresh process that loads the handler and answers one request, then
// reports: time from process start to the response, split into module load
// and first invocation. performance.now() counts from process start.
import type { Context } from "aws-lambda";
import { invocationEvent, type Invocation } from "@bookstore/local/invocation-event";
import { benchContext } from "./bench-context";

const started = performance.now();
const { handler } = require(process.env.BENCH_HANDLER as string) as { handler: (event: unknown, context: Context) => Promise<{ statusCode: number }> };
const loaded = performance.now();
const request = JSON.parse(process.env.BENCH_REQUEST as string) as Invocation;
handler(invocationEvent({ ...request, requestId: "cold" }), benchContext("cold")).then(
  (response) => {
    const answered = performance.now();
    process.send?.({ bootMs: started, loadMs: loaded - started, firstInvokeMs: answered - loaded, totalMs: answered, status: response.statusCode, node: process.versions.node });
    process.exit(0);
  },
  (error: unknown) => {
    process.send?.({ error: String(error) });
    process.exit(1);
  },
);
