import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createOpenApiDocument } from "../src/api-gateway/openapi-document";

const ROOT = join(__dirname, "..", "..");
const run = promisify(execFile);
// Offline and quiet: no usage reporting, no update check.
const QUIET = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

type Document = ReturnType<typeof createOpenApiDocument>;

/** Runs a linter's CLI from node_modules/.bin in the project root (where its committed ruleset is); its exit code and output. */
async function lint(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, "node_modules", ".bin", bin), args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: QUIET });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "openapi-lint-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function written(name: string, document: Document): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, JSON.stringify(document));
  return path;
}

const redocly = (path: string) => lint("redocly", ["lint", path, "--config", join(ROOT, "redocly.yaml"), "--format", "stylish"]);
const spectral = (path: string) => lint("spectral", ["lint", path, "--ruleset", join(ROOT, ".spectral.yaml"), "--fail-severity", "error", "--display-only-failures"]);

describe("the served OpenAPI document passes a security reviewer's lint", () => {
  for (const [name, options] of [["as served", {}], ["with sign-in for reads too", { requireSignInForReads: true }]] as const) {
    test(`${name}: Redocly's recommended rules and Spectral's OWASP API Security 2023 ruleset find no error`, async () => {
      const path = await written(`${name.replace(/\W+/g, "-")}.json`, createOpenApiDocument(options));
      const results = { redocly: await redocly(path), spectral: await spectral(path) };
      expect({ redocly: results.redocly.code, spectral: results.spectral.code, output: results.redocly.code || results.spectral.code ? results : "" }).toEqual({
        redocly: 0,
        spectral: 0,
        output: "",
      });
    }, 60_000);
  }

  test("and each linter fails a document that breaks its rules", async () => {
    const broken = createOpenApiDocument() as Document & { paths: Record<string, Record<string, { security?: unknown }>> };
    delete broken.paths["/book"]?.post?.security;
    const schemas = (broken.components as { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> }).schemas;
    delete schemas.Book?.properties.title?.maxLength;
    const path = await written("broken.json", broken);
    const [byRedocly, bySpectral] = [await redocly(path), await spectral(path)];
    expect(byRedocly.code).not.toBe(0);
    expect(byRedocly.output).toMatch(/security-defined/);
    expect(bySpectral.code).not.toBe(0);
    expect(bySpectral.output).toMatch(/owasp:api4:2023-string-limit/);
    expect(bySpectral.output).toMatch(/owasp:api2:2023-write-restricted/);
  }, 60_000);
});
