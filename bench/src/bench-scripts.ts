import { build } from "esbuild";
import { join } from "node:path";
import { nameFunctionsStatically } from "../../layers/orm/scripts/static-function-names";
import { BENCH_ROOT, PROJECT_ROOT } from "./bench-paths";
import { temporaryDirectory } from "./temporary-directory";

export interface BenchScripts {
  worker: string;
  coldRunner: string;
  instructionRunner: string;
  iamTokenRunner: string;
  /** The stock @aws-sdk/rds-signer, bundled as a minimal IAM client would ship it. */
  stockSigner: string;
  /** The baseline function, bundled as the CDK app bundles the project's (pg inside: it has no layer). */
  baselineHandler: string;
  baselineDir: string;
}

/** Plain JavaScript for the child processes: they must run as a deployed function does, without a TypeScript loader. */
export async function buildBenchScripts(): Promise<BenchScripts> {
  const dir = temporaryDirectory("bookstore-bench-");
  const common = { bundle: true, platform: "node", format: "cjs", logLevel: "error", tsconfig: join(PROJECT_ROOT, "tsconfig.json") } as const;
  await build({ ...common, target: "node20", entryPoints: [join(BENCH_ROOT, "src", "worker.ts")], outfile: join(dir, "worker.js") });
  await build({ ...common, target: "node20", entryPoints: [join(BENCH_ROOT, "src", "cold-runner.ts")], outfile: join(dir, "cold-runner.js") });
  await build({ ...common, target: "node20", entryPoints: [join(BENCH_ROOT, "src", "instruction-runner.ts")], outfile: join(dir, "instruction-runner.js") });
  await build({
    ...common,
    target: "node20",
    entryPoints: [join(BENCH_ROOT, "src", "iam-token-runner.ts")],
    outfile: join(dir, "iam-token-runner.js"),
    external: ["@bookstore/orm", "@aws-sdk/rds-signer"],
  });
  await build({
    ...common,
    target: "node24",
    entryPoints: [require.resolve("@aws-sdk/rds-signer", { paths: [PROJECT_ROOT] })],
    outfile: join(dir, "stock-signer", "index.js"),
    minify: true,
    keepNames: true,
  });
  nameFunctionsStatically(join(dir, "stock-signer", "index.js"));
  const baselineDir = join(dir, "baseline");
  await build({
    ...common,
    target: "node24",
    entryPoints: [join(BENCH_ROOT, "baseline", "handler.ts")],
    outfile: join(baselineDir, "index.js"),
    minify: true,
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
  });
  nameFunctionsStatically(join(baselineDir, "index.js"));
  return {
    worker: join(dir, "worker.js"),
    coldRunner: join(dir, "cold-runner.js"),
    instructionRunner: join(dir, "instruction-runner.js"),
    iamTokenRunner: join(dir, "iam-token-runner.js"),
    stockSigner: join(dir, "stock-signer", "index.js"),
    baselineHandler: join(baselineDir, "index.js"),
    baselineDir,
  };
}
