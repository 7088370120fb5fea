import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childEnv, PROJECT_ROOT } from "../run-script";

/**
 * Jest global setup of the infrastructure tests: one `cdk synth` through
 * the real CLI, offline, with no AWS credentials and no Docker, into a
 * cloud assembly every infra test reads.
 */
export default function synthesize(): void {
  const outdir = mkdtempSync(join(tmpdir(), "bookstore-cdk-out-"));
  const env = childEnv({ CDK_DISABLE_VERSION_CHECK: "true" });
  for (const name of Object.keys(env)) if (name.startsWith("AWS_") || name.startsWith("CDK_DEFAULT_")) delete env[name];
  execFileSync(join(PROJECT_ROOT, "node_modules", ".bin", "cdk"), ["synth", "--quiet", "--no-notices", "--output", outdir], {
    cwd: PROJECT_ROOT,
    env: { ...env, CDK_DISABLE_VERSION_CHECK: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.env.TEST_CDK_OUT = outdir;
}
