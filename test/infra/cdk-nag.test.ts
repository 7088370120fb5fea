import { App, Stack, Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import { validationReport } from "../support/infra/cloud-assembly";

describe("cdk-nag (AWS Solutions rules)", () => {
  test("finds no violation in the app, and every acknowledgment says which rule and why", () => {
    const report = validationReport().pluginReports.find((plugin) => plugin.pluginName === "AwsSolutions");
    expect(report).toBeDefined();
    expect(report?.violations).toEqual([]);
    expect(report?.conclusion).toBe("success");
    for (const acknowledged of report?.suppressedViolations ?? []) {
      expect(acknowledged.acknowledgedId).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+/);
      expect(acknowledged.reason?.length ?? 0).toBeGreaterThan(30);
    }
  });

  test("fails synthesis when something is not acknowledged", () => {
    const app = new App();
    const stack = new Stack(app, "Probe");
    new sqs.Queue(stack, "Queue"); // no dead-letter queue, no enforced TLS
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  });
});
