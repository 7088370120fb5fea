import { readFileSync } from "node:fs";
import { join } from "node:path";
import { synthesizeApp } from "../support/infra/synth-in-process";
import { Match, Template } from "aws-cdk-lib/assertions";
import { createBookstoreApp } from "../../infra/lib/bookstore-app";
import { bookstoreTemplate } from "../support/infra/cloud-assembly";

/** The stack as `-c profile=dev` synthesizes it (assets not bundled: only the template matters here). */
function devTemplate(): Template {
  return synthesizeApp({ profile: "dev" }).template;
}

const dev = devTemplate();
const { template: production } = bookstoreTemplate();

/** The two API functions: the ones that run as the database team's API role. */
function apiFunctions(template: Template): Array<{ Properties: Record<string, unknown> }> {
  return (Object.values(template.findResources("AWS::Lambda::Function")) as Array<{ Properties: Record<string, unknown> }>).filter((fn) =>
    JSON.stringify(fn.Properties.Role).includes("apirolearn"),
  );
}

const PASSWORD_EXCLUSIONS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

describe("production (the default profile)", () => {
  test("keeps a final snapshot when the cluster is deleted or replaced, and keeps both secrets", () => {
    production.hasResource("AWS::RDS::DBCluster", { DeletionPolicy: "Snapshot", UpdateReplacePolicy: "Snapshot", Properties: { DeletionProtection: true } });
    const secrets = production.findResources("AWS::SecretsManager::Secret");
    expect(Object.keys(secrets)).toHaveLength(2);
    for (const secret of Object.values(secrets)) expect(secret).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });

  test("runs a writer and a reader that scales with it and is promoted first", () => {
    const instances = Object.values(production.findResources("AWS::RDS::DBInstance")) as Array<{ Properties: { PromotionTier?: number } }>;
    expect(instances).toHaveLength(2);
    expect(instances.map((instance) => instance.Properties.PromotionTier).sort()).toEqual([0, 1]);
  });

  test("generates and rotates both passwords without the characters it avoids", () => {
    for (const secret of Object.values(production.findResources("AWS::SecretsManager::Secret"))) {
      expect(secret).toMatchObject({ Properties: { GenerateSecretString: { ExcludeCharacters: PASSWORD_EXCLUSIONS } } });
    }
    const rotations = Object.values(production.findResources("AWS::Serverless::Application"));
    expect(rotations).toHaveLength(2);
    for (const rotation of rotations) expect(rotation).toMatchObject({ Properties: { Parameters: { excludeCharacters: PASSWORD_EXCLUSIONS } } });
  });

  test("deploys on a new account: no reserved concurrency unless asked for (-c apiReservedConcurrency=N), no secret rotated at creation", () => {
    expect(apiFunctions(production)).toHaveLength(2);
    for (const fn of apiFunctions(production)) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    const reserving = synthesizeApp({ apiReservedConcurrency: "50" }).template;
    expect(apiFunctions(reserving).map((fn) => fn.Properties.ReservedConcurrentExecutions)).toEqual([50, 50]);
    expect(() => createBookstoreApp({ context: { apiReservedConcurrency: "lots", "aws:cdk:bundling-stacks": [] } })).toThrow(
      '-c apiReservedConcurrency must be a whole number of at least 1, not "lots"',
    );
    for (const template of [production, dev]) {
      const rotations = Object.values(template.findResources("AWS::SecretsManager::RotationSchedule"));
      expect(rotations).toHaveLength(2);
      for (const rotation of rotations) expect(rotation).toMatchObject({ Properties: { RotateImmediatelyOnUpdate: false } });
    }
  });

  test("bounds the blast radius: the stage throttle shared out over the methods", () => {
    // 1,100 rps and 2,200 burst for the whole API: 100 and 200 for each of its 11 Lambda-backed methods.
    production.hasResourceProperties("AWS::ApiGateway::Stage", {
      MethodSettings: Match.arrayWith([Match.objectLike({ HttpMethod: "*", ResourcePath: "/*", ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })]),
    });
  });

  test("deploys the database team's stacks before the API's, so migrations run before the functions that need them", () => {
    const manifest = JSON.parse(readFileSync(join(process.env.TEST_CDK_OUT as string, "manifest.json"), "utf8")) as { artifacts: Record<string, { dependencies?: string[] }> };
    expect(manifest.artifacts.BookstoreSchema?.dependencies).toContain("BookstoreData");
    expect(manifest.artifacts.BookstoreApi?.dependencies).toContain("BookstoreSchema");
    expect(apiFunctions(production)).toHaveLength(2);
  });

  test("keeps the PostgreSQL log export for a month", () => {
    production.hasResourceProperties("Custom::LogRetention", {
      LogGroupName: Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith(["/postgresql"])]) }),
      RetentionInDays: 30,
    });
  });
});

describe("dev (-c profile=dev)", () => {
  test("is disposable: no deletion protection, deleted with the stack, secrets too", () => {
    dev.hasResource("AWS::RDS::DBCluster", { DeletionPolicy: "Delete", Properties: { DeletionProtection: false } });
    for (const secret of Object.values(dev.findResources("AWS::SecretsManager::Secret"))) expect(secret).toMatchObject({ DeletionPolicy: "Delete" });
  });

  test("is cheap: a writer alone that pauses when idle, short log retention", () => {
    expect(Object.keys(dev.findResources("AWS::RDS::DBInstance"))).toHaveLength(1);
    dev.hasResourceProperties("AWS::RDS::DBCluster", { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 2 } });
    dev.hasResourceProperties("Custom::LogRetention", { RetentionInDays: 7 });
  });

  test("an unknown profile is refused by name", () => {
    expect(() => createBookstoreApp({ context: { profile: "staging", "aws:cdk:bundling-stacks": [] } })).toThrow(/unknown profile "staging"/);
  });
});

describe("taking production down (-c deletionProtection=false)", () => {
  test("turns protection off and keeps the final snapshot", () => {
    synthesizeApp({ deletionProtection: "false" }).data.hasResource("AWS::RDS::DBCluster", { DeletionPolicy: "Snapshot", Properties: { DeletionProtection: false } });
  });
});

describe.each([
  ["production", production],
  ["dev", dev],
])("in both profiles (%s)", (_name, template) => {
  test("the API functions run as the database team's API role", () => {
    expect(apiFunctions(template)).toHaveLength(2);
  });

  test("keeps logs no longer than the profile says (dev: at most 14 days)", () => {
    const days = Object.values(template.findResources("AWS::Logs::LogGroup")).map((group) => (group as { Properties: { RetentionInDays: number } }).Properties.RetentionInDays);
    const retained = Object.values(template.findResources("Custom::LogRetention")).map((rule) => (rule as { Properties: { RetentionInDays: number } }).Properties.RetentionInDays);
    expect(Math.max(...days, ...retained)).toBe(template === dev ? 7 : 30);
  });

  test("alarms and the dashboard are there, and every log group has a retention", () => {
    expect(Object.keys(template.findResources("AWS::CloudWatch::Alarm")).length).toBeGreaterThanOrEqual(12);
    // One each for the data, the schema and the API.
    expect(Object.keys(template.findResources("AWS::CloudWatch::Dashboard"))).toHaveLength(3);
    for (const group of Object.values(template.findResources("AWS::Logs::LogGroup"))) {
      expect((group as { Properties: { RetentionInDays?: number } }).Properties.RetentionInDays).toEqual(expect.any(Number));
    }
  });

  test("rotation keeps the passwords' excluded characters, and the proxy's borrow timeout stays under the connect timeout", () => {
    for (const rotation of Object.values(template.findResources("AWS::Serverless::Application"))) {
      expect(rotation).toMatchObject({ Properties: { Parameters: { excludeCharacters: PASSWORD_EXCLUSIONS } } });
    }
    template.hasResourceProperties("AWS::RDS::DBProxyTargetGroup", { ConnectionPoolConfigurationInfo: { ConnectionBorrowTimeout: 2 } });
  });
});
