import { fork } from "node:child_process";
import { invocationEvent, type Invocation } from "@bookstore/local/invocation-event";
import { measure, type Measure } from "./measure";
import { median } from "./stats";
import { processOptions, type Variant } from "./variants";

interface ColdRun {
  totalMs: number;
  loadMs: number;
  firstInvokeMs: number;
  status?: number;
  error?: string;
  node?: string;
}

function coldRun(runner: string, variant: Variant, request: Invocation): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const child = fork(runner, {
      env: { ...variant.env, BENCH_HANDLER: variant.handler("books"), BENCH_EVENT: JSON.stringify(invocationEvent({ ...request, requestId: "cold" })) },
      execPath: variant.node,
      execArgv: processOptions(variant, "books"),
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    child.once("message", (result: ColdRun) => {
      if (result.error || result.status !== 200) reject(new Error(`${variant.name} cold start failed: ${result.error ?? result.status}`));
      else resolve(result);
    });
    child.once("exit", (code) => code !== 0 && reject(new Error(`${variant.name} cold runner exited with ${code}`)));
  });
}

/**
 * A fresh process loads the function as deployed and answers GET /book/{id};
 * project and baseline alternate, run after run.
 */
export async function measureCold(
  runner: string,
  project: Variant,
  baseline: Variant,
  runs: number,
  bookId: number,
  { name = "cold-get-book", goal = true }: { name?: string; goal?: boolean } = {},
): Promise<Measure[]> {
  const request: Invocation = { method: "GET", url: `/book/${bookId}` };
  const results: Record<"project" | "baseline", ColdRun[]> = { project: [], baseline: [] };
  // The first start of all pays for the file system cache; it also says what runs.
  const first = await coldRun(runner, project, request);
  const firstBaseline = await coldRun(runner, baseline, request);
  console.error(`[bench] ${name}: project on Node ${first.node}, baseline on Node ${firstBaseline.node}`);
  for (let run = 0; run < runs; run += 1) {
    results.project.push(await coldRun(runner, project, request));
    results.baseline.push(await coldRun(runner, baseline, request));
  }
  const of = (side: "project" | "baseline", key: keyof ColdRun) => median(results[side].map((result) => result[key] as number));
  return [
    measure(name, "ms", of("project", "totalMs"), of("baseline", "totalMs"), goal ? { on: "ratio", atMost: 1.3 } : undefined, `median of ${runs}, process start to response`),
    measure(`${name}-module-load`, "ms", of("project", "loadMs"), of("baseline", "loadMs")),
    measure(`${name}-first-invocation`, "ms", of("project", "firstInvokeMs"), of("baseline", "firstInvokeMs")),
  ];
}

function iamRun(runner: string, env: NodeJS.ProcessEnv, node: string, nodeOptions: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(runner, { env, execPath: node, execArgv: nodeOptions, stdio: ["ignore", "ignore", "inherit", "ipc"] });
    child.once("message", (result: { totalMs?: number; ok?: boolean; error?: string }) =>
      result.ok ? resolve(result.totalMs as number) : reject(new Error(`IAM token run failed: ${result.error}`)),
    );
  });
}

/**
 * What IAM mode adds to a cold start: loading the signer and signing the
 * first token, in a fresh process. The baseline is the stock signer with
 * the SDK's default credential chain, as a minimal IAM client ships it.
 */
export async function measureIamToken(runner: string, layerModules: string, stockSigner: string, runs: number, node: string, nodeOptions: string[]): Promise<Measure> {
  const credentials = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench-secret", AWS_REGION: "eu-west-1" };
  const project: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    project.push(await iamRun(runner, { ...credentials, BENCH_SIDE: "project", NODE_PATH: layerModules }, node, nodeOptions));
    baseline.push(await iamRun(runner, { ...credentials, BENCH_SIDE: "baseline", BENCH_SIGNER: stockSigner }, node, nodeOptions));
  }
  return measure("cold-iam-first-token", "ms", median(project), median(baseline), undefined, `median of ${runs}; loading the signer and signing, IAM mode only`);
}
