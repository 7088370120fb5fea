// A fresh process that loads the handler and answers one request, then
// reports: time from process start to the response, split into module load
// and first invocation. Before the handler it loads what Lambda's Node.js
// runtime client has loaded when it loads a function, and nothing else, so
// that a handler pays for any other of Node's modules it uses (crypto,
// perf_hooks, …) as it does in Lambda: the request comes ready-made from
// the bench, and the times are process.uptime(), which counts from process
// start without loading perf_hooks as `performance` would.
import type { Context } from "aws-lambda";
import { benchContext } from "./bench-context";

// The built-in modules aws-lambda-ric (the runtime interface client) requires.
const RUNTIME_CLIENT_MODULES = ["node:assert", "node:fs", "node:http", "node:module", "node:net", "node:path", "node:util"];
for (const name of RUNTIME_CLIENT_MODULES) require(name);

const now = () => process.uptime() * 1_000;
const started = now();
const { handler } = require(process.env.BENCH_HANDLER as string) as { handler: (event: unknown, context: Context) => Promise<{ statusCode: number }> };
const loaded = now();
handler(JSON.parse(process.env.BENCH_EVENT as string), benchContext("cold")).then(
  (response) => {
    const answered = now();
    process.send?.({ bootMs: started, loadMs: loaded - started, firstInvokeMs: answered - loaded, totalMs: answered, status: response.statusCode, node: process.versions.node });
    process.exit(0);
  },
  (error: unknown) => {
    process.send?.({ error: String(error) });
    process.exit(1);
  },
);
