import { COMPILE_CACHE_UNUSED } from "@bookstore/orm/compile-cache-loader";
import { synthesizeApp } from "../support/infra/synth-in-process";
import { bookstoreTemplate, STACKS, stackTemplate, type StackName } from "../support/infra/cloud-assembly";

const { template, json } = bookstoreTemplate();

type Alarm = { Properties: { AlarmDescription: string; AlarmActions: unknown[]; MetricName?: string; Namespace?: string; Metrics?: unknown[]; Threshold: number } };
const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")) as Alarm[];
const described = (pattern: RegExp) => alarms.filter((alarm) => pattern.test(alarm.Properties.AlarmDescription));

describe("alarms", () => {
  test("every alarm notifies the one alarm topic: the data stack's, which the others reach by output or by release parameter", () => {
    const data = stackTemplate("BookstoreData").template;
    const [topicId] = Object.keys(data.findResources("AWS::SNS::Topic"));
    expect(Object.keys(template.findResources("AWS::SNS::Topic"))).toEqual([topicId]);
    const actionsIn = (stack: StackName) =>
      (Object.values(stackTemplate(stack).template.findResources("AWS::CloudWatch::Alarm")) as Alarm[]).map((alarm) => alarm.Properties.AlarmActions);
    expect(actionsIn("BookstoreData").length).toBeGreaterThan(0);
    for (const actions of actionsIn("BookstoreData")) expect(actions).toEqual([{ Ref: topicId }]);
    for (const actions of actionsIn("BookstoreSchema")) {
      expect(actions).toEqual([{ "Fn::GetStackOutput": expect.objectContaining({ StackName: "BookstoreData", OutputName: expect.stringContaining(topicId as string) }) }]);
    }
    const parameter = Object.entries(stackTemplate("BookstoreApi").json.Parameters ?? {}).find(([, value]) => value.Default === "/bookstore/schema/alarm-topic-arn")?.[0];
    expect(actionsIn("BookstoreApi").length).toBeGreaterThan(0);
    for (const actions of actionsIn("BookstoreApi")) expect(actions).toEqual([{ Ref: parameter }]);
  });

  test.each([
    [/API 5XX above 1 %/, 1],
    [/API p99 latency/, 1],
    [/Books: 5 or more errors/, 1],
    [/Reviews: 5 or more errors/, 1],
    [/: throttled/, 2],
    [/p99 duration above 80 % of its timeout/, 2],
    [/cold starts without the compile cache/, 2],
    [/schema migrator failed/, 1],
    [/RDS Proxy: waiting/, 1],
    [/RDS Proxy: clients/, 1],
    [/ACU ceiling/, 1],
  ])("%s", (pattern, count) => {
    expect(described(pattern)).toHaveLength(count);
  });

  test("duration alarms sit at 80 % of the functions' 10 s timeout, the capacity alarm at the cluster's ceiling", () => {
    for (const alarm of described(/80 % of its timeout/)) expect(alarm.Properties.Threshold).toBe(8_000);
    expect(described(/ACU ceiling/)[0]?.Properties.Threshold).toBe(4);
  });

  test("a cold start that could not use its compile cache, as each API function's loader logs it, is counted in that function's log group, and alarmed on", () => {
    type MetricFilter = { Properties: { FilterPattern: string; LogGroupName: unknown; MetricTransformations: Array<{ MetricNamespace: string; MetricName: string; MetricValue: string }> } };
    const filters = Object.values(template.findResources("AWS::Logs::MetricFilter")) as MetricFilter[];
    const functionLogGroups = (Object.values(template.findResources("AWS::Lambda::Function")) as Array<{ Properties: { Handler: string; LoggingConfig?: { LogGroup?: unknown } } }>)
      .filter((fn) => fn.Properties.Handler === "index.handler" && fn.Properties.LoggingConfig?.LogGroup)
      .map((fn) => fn.Properties.LoggingConfig?.LogGroup);
    expect(filters.map((filter) => filter.Properties.FilterPattern)).toEqual([`"${COMPILE_CACHE_UNUSED}"`, `"${COMPILE_CACHE_UNUSED}"`]);
    expect(functionLogGroups).toEqual(expect.arrayContaining(filters.map((filter) => filter.Properties.LogGroupName)));
    for (const filter of filters) {
      const [counted] = filter.Properties.MetricTransformations;
      const alarm = described(/cold starts without the compile cache/).find((candidate) => candidate.Properties.MetricName === counted?.MetricName);
      expect(alarm?.Properties).toMatchObject({ Namespace: counted?.MetricNamespace, Threshold: 0 });
    }
  });

  test("a failed rotation of either secret is sent to the topic", () => {
    const rules = Object.values(template.findResources("AWS::Events::Rule", { Properties: { EventPattern: { source: ["aws.secretsmanager"] } } })) as Array<{
      Properties: { EventPattern: { detail: { eventName: string[]; additionalEventData: { SecretId: unknown[] } } }; Targets: Array<{ Arn: unknown }> };
    }>;
    expect(rules).toHaveLength(1);
    const [topicId] = Object.keys(template.findResources("AWS::SNS::Topic"));
    expect(rules[0]!.Properties.EventPattern.detail.eventName).toEqual(["RotationFailed"]);
    expect(rules[0]!.Properties.EventPattern.detail.additionalEventData.SecretId).toHaveLength(2);
    expect(rules[0]!.Properties.Targets.map((target) => target.Arn)).toEqual([{ Ref: topicId }]);
  });

  test("a dashboard shows the same metrics", () => {
    // Each stack's owner watches their part.
    for (const stack of STACKS) expect(Object.keys(stackTemplate(stack).template.findResources("AWS::CloudWatch::Dashboard"))).toHaveLength(1);
    expect(json.Outputs).toHaveProperty("AlarmTopicArn");
  });

  test("an email given with -c alarmEmail is subscribed to the topic", () => {
    synthesizeApp({ alarmEmail: "ops@example.com" }).data.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com" });
    expect(Object.keys(template.findResources("AWS::SNS::Subscription"))).toHaveLength(0);
  });
});
