import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createBookstoreApp } from "../../infra/lib/bookstore-app";
import { ARCHITECTURE_DOC_PATH, renderArchitectureDiagram, withDiagram } from "../../infra/scripts/architecture-diagram";
import { STACKS, stackTemplate } from "../support/infra/cloud-assembly";
import { PROJECT_ROOT } from "../support/run-script";

const TARGETS = ["postgres", "data-api", "dsql"] as const;

/** One stack's template as `cdk synth -c target=…` makes it, in this process; assets built when `bundled`. */
function synthesized(target: string, bundled = false) {
  const { app } = createBookstoreApp({ context: { target, ...(bundled ? {} : { "aws:cdk:bundling-stacks": [] }) } });
  const assembly = app.synth();
  return (name: string) => assembly.getStackByName(name).template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>; Parameters?: Record<string, { Type: string; Default?: string }> };
}

describe("stacks by owner", () => {
  test.each(TARGETS)("-c target=%s: the database team's BookstoreData and BookstoreSchema, the API team's BookstoreApi", (target) => {
    const template = synthesized(target);
    for (const name of STACKS) expect(Object.keys(template(name).Resources).length).toBeGreaterThan(0);
    const api = template("BookstoreApi");
    // Nothing imported: the API reads the release at deploy time, from SSM.
    expect(JSON.stringify(api)).not.toContain("Fn::ImportValue");
    expect(JSON.stringify(api)).not.toContain("Fn::GetStackOutput");
    // The two API functions, and the builder of their compile caches with its provider.
    const functions = Object.values(api.Resources).filter((resource) => resource.Type === "AWS::Lambda::Function");
    expect(functions).toHaveLength(4);
    const onLayer = functions.filter((fn) => fn.Properties?.Layers);
    expect(onLayer).toHaveLength(3);
    for (const fn of onLayer) {
      const [layer] = fn.Properties?.Layers as Array<{ Ref: string }>;
      expect(api.Parameters?.[layer?.Ref as string]).toEqual({ Type: "AWS::SSM::Parameter::Value<String>", Default: "/bookstore/schema/layer-version-arn" });
    }
    // The database and the layer belong to the database team's stacks only.
    const types = (name: string) => new Set(Object.values(template(name).Resources).map((resource) => resource.Type));
    for (const type of ["AWS::RDS::DBCluster", "AWS::DSQL::Cluster", "AWS::RDS::DBProxy", "AWS::Lambda::LayerVersion", "Custom::Trigger", "AWS::EC2::VPC"]) {
      expect({ type, api: types("BookstoreApi").has(type) }).toEqual({ type, api: false });
    }
    expect(types("BookstoreSchema").has("AWS::Lambda::LayerVersion") && types("BookstoreSchema").has("Custom::Trigger")).toBe(true);
  });

  test("the schema stack publishes the release under one prefix, the layer version and schema version among it", () => {
    const published = Object.values(stackTemplate("BookstoreSchema").json.Resources)
      .filter((resource) => resource.Type === "AWS::SSM::Parameter")
      .map((resource) => resource.Properties?.Name as string);
    expect(published).toEqual(expect.arrayContaining(["/bookstore/schema/layer-version-arn", "/bookstore/schema/schema-version", "/bookstore/schema/api-role-arn"]));
    for (const name of published) expect(name).toMatch(/^\/bookstore\/schema\//);
    const schemaVersion = Object.values(stackTemplate("BookstoreSchema").json.Resources).find((resource) => resource.Properties?.Name === "/bookstore/schema/schema-version");
    expect(schemaVersion?.Properties?.Value).toMatch(/^\d{13}-/);
  });

  test("a change to the layer's code changes the schema stack and leaves the API stack byte for byte the same", () => {
    const file = join(PROJECT_ROOT, "layers", "orm", "src", "index.ts");
    const original = readFileSync(file, "utf8");
    const before = synthesized("postgres", true);
    let after: ReturnType<typeof synthesized>;
    try {
      appendFileSync(file, `\nexport const SCRATCH_CHANGE = ${Date.now()};\n`);
      after = synthesized("postgres", true);
    } finally {
      writeFileSync(file, original);
    }
    expect(JSON.stringify(after("BookstoreSchema"))).not.toEqual(JSON.stringify(before("BookstoreSchema")));
    expect(JSON.stringify(after("BookstoreApi"))).toEqual(JSON.stringify(before("BookstoreApi")));
  }, 120_000);

  test.each([
    [{ target: "" }, "-c target= is not one of postgres, data-api, dsql"],
    [{ profile: "staging" }, 'unknown profile "staging": use production or dev'],
    [{ apiReservedConcurrency: "12.5" }, '-c apiReservedConcurrency must be a whole number of at least 1, not "12.5"'],
  ])("bad -c %j: one line naming the setting and what it takes", (context, message) => {
    expect(() => createBookstoreApp({ context: { ...context, "aws:cdk:bundling-stacks": [] } })).toThrow(message);
  });
});

describe("the stacks diagram", () => {
  test("docs/architecture.md shows the stacks as synthesized (npm run docs:architecture)", () => {
    const page = readFileSync(ARCHITECTURE_DOC_PATH, "utf8");
    expect(withDiagram(page, renderArchitectureDiagram())).toBe(page);
  });
});
