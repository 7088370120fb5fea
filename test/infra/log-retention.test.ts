import { bookstoreTemplate, resourcesOfType } from "../support/infra/cloud-assembly";

const { json } = bookstoreTemplate();

type Properties = Record<string, unknown>;
const props = (resource: { Properties?: Properties }) => resource.Properties ?? {};

/** The names of the groups `Custom::LogRetention` resources keep, as template values. */
const retained = resourcesOfType("Custom::LogRetention").map(([, resource]) => JSON.stringify(props(resource).LogGroupName));

describe("log retention", () => {
  test("every log group the stack creates has a retention", () => {
    const groups = resourcesOfType("AWS::Logs::LogGroup");
    expect(groups.length).toBeGreaterThan(0);
    for (const [id, group] of groups) expect({ id, retention: props(group).RetentionInDays }).toEqual({ id, retention: expect.any(Number) });
    for (const [, retention] of resourcesOfType("Custom::LogRetention")) expect(props(retention).RetentionInDays).toEqual(expect.any(Number));
  });

  test("every function either logs to a group of the stack or has its group's retention set", () => {
    const functions = resourcesOfType("AWS::Lambda::Function");
    for (const [id, fn] of functions) {
      const own = (props(fn).LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup;
      if (own) continue;
      // Stacks share logical ids: the combined view prefixes the stack's name to the second one.
      const inStack = id.replace(/^Bookstore(Data|Schema|Api)(?=[A-Z])/, "");
      if (inStack.startsWith("LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a")) continue; // keeps its own logs a day
      expect({ id, retained: retained.some((name) => name.includes(JSON.stringify({ Ref: inStack }))) }).toEqual({ id, retained: true });
    }
  });

  test("the rotation functions and the PostgreSQL log export have a retention", () => {
    for (const [id] of resourcesOfType("AWS::Serverless::Application")) {
      expect(retained.some((name) => name.includes(id) && name.includes("RotationLambdaARN"))).toBe(true);
    }
    expect(retained.some((name) => name.includes("/postgresql"))).toBe(true);
  });

  test("API Gateway's execution logs go to a group of the stack, created before the stage", () => {
    const [groupId] = resourcesOfType("AWS::Logs::LogGroup").find(([, group]) => String(JSON.stringify(props(group).LogGroupName)).includes("API-Gateway-Execution-Logs_")) ?? [];
    expect(groupId).toBeDefined();
    const [, stage] = resourcesOfType("AWS::ApiGateway::Stage")[0]!;
    expect((stage as { DependsOn?: string[] }).DependsOn).toContain(groupId);
    expect(json.Resources[groupId!]?.Properties?.RetentionInDays).toBe(30);
  });
});
