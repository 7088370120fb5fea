import { lambdaNode } from "@bookstore/test-harness";
import { synthesizeDeployedArtifacts } from "../src/deployed-artifacts";
import { readdirSync } from "node:fs";
const t = Date.now();
const a = synthesizeDeployedArtifacts(lambdaNode().path);
console.log(Date.now() - t, "ms", a.outdir);
for (const s of ["books", "reviews"] as const) console.log(s, a.compileCacheFiles[s].length, readdirSync(a.functions[s].cache, { recursive: true }));
