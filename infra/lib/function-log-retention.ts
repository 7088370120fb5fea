import { CfnResource, Fn, type Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sam from "aws-cdk-lib/aws-sam";

// aws-cdk-lib's log-retention function keeps its own logs for a day.
const LOG_RETENTION_PROVIDER = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a";

/**
 * A retention for the logs of every function the stack causes but does not
 * give a log group of its own: aws-cdk-lib's handlers (custom resources,
 * the trigger) and the rotation functions of the Serverless Application
 * Repository. Their groups are named only at deploy time, and may already
 * exist when a function has run, so the retention is set by aws-cdk-lib's
 * log-retention resource, which creates the group or updates it.
 */
export function retainLogsOfEveryFunction(stack: Stack, retention: logs.RetentionDays): void {
  for (const construct of stack.node.findAll()) {
    const scope = construct.node.scope;
    if (!scope || !(construct instanceof CfnResource)) continue;
    if (construct.cfnResourceType === "AWS::Lambda::Function") {
      const ownGroup = construct instanceof lambda.CfnFunction && construct.loggingConfig !== undefined;
      if (ownGroup || construct.node.path.includes(`/${LOG_RETENTION_PROVIDER}/`)) continue;
      new logs.LogRetention(scope, `${construct.node.id}LogRetention`, {
        logGroupName: Fn.join("", ["/aws/lambda/", construct.ref]),
        retention,
      });
    } else if (construct instanceof sam.CfnApplication) {
      // A rotation application's function, named by its output's ARN (…:function:<name>).
      const functionArn = construct.getAtt("Outputs.RotationLambdaARN").toString();
      new logs.LogRetention(scope, `${construct.node.id}LogRetention`, {
        logGroupName: Fn.join("", ["/aws/lambda/", Fn.select(6, Fn.split(":", functionArn))]),
        retention,
      });
    }
  }
}
