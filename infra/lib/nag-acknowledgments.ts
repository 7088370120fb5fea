import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

interface Acknowledgment {
  id: string;
  reason: string;
  /** Paths under the stack; the whole stack when omitted. */
  paths?: string[];
}

const lambdaRoles = ["BooksFunction", "ReviewsFunction", "SchemaMigrator/Migrator"].map((path) => `${path}/Function/ServiceRole`);

// CDK's singleton that sets the retention of log groups it does not create
// (here the cluster's PostgreSQL log export); its id is fixed by aws-cdk-lib.
const logRetentionRole = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole";

/**
 * Each accepted cdk-nag finding: the rule, where it applies, and why.
 * Anything not listed here fails `cdk synth`.
 */
const ACKNOWLEDGMENTS: Acknowledgment[] = [
  {
    id: "AwsSolutions-COG4",
    reason: "The API contract is public (no authentication); put a Cognito, JWT or IAM authorizer in front before storing anything private.",
    paths: ["RestApi/Api"],
  },
  {
    id: "AwsSolutions-APIG4",
    reason: "The API contract is public (no authentication); put an authorizer in front before storing anything private.",
    paths: ["RestApi/Api"],
  },
  {
    id: "AwsSolutions-APIG2",
    reason: "Requests are validated in the handlers by the zod schemas the OpenAPI document is generated from; a second copy in API Gateway would drift.",
    paths: ["RestApi/Api"],
  },
  {
    id: "AwsSolutions-APIG3",
    reason: "WAF is optional and costs at idle; stage throttling limits abuse. Associate a web ACL for internet-facing production use.",
    paths: ["RestApi/Api"],
  },
  {
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
    reason: "The AWS-managed policy API Gateway's account-level logging role is designed for.",
    paths: ["RestApi/Api/CloudWatchRole"],
  },
  {
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    reason: "The AWS-managed Lambda logging policy; a custom copy would only duplicate it.",
    paths: [...lambdaRoles, logRetentionRole],
  },
  {
    id: "AwsSolutions-IAM5[Resource::*]",
    reason: "aws-cdk-lib's log-retention function sets retention on log groups named only at deploy time (logs:PutRetentionPolicy, logs:DeleteRetentionPolicy).",
    paths: [`${logRetentionRole}/DefaultPolicy`],
  },
  {
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]",
    reason: "The AWS-managed policy that lets Lambda manage the ENIs of a function in a VPC.",
    paths: lambdaRoles,
  },
  {
    id: "AwsSolutions-IAM5[Resource::*]",
    reason: "Only xray:PutTraceSegments and xray:PutTelemetryRecords use '*': X-Ray has no resource-level permissions.",
    paths: lambdaRoles.map((role) => `${role}/DefaultPolicy`),
  },
];

function find(stack: Stack, path: string): IConstruct {
  const found = path.split("/").reduce<IConstruct | undefined>((node, id) => node?.node.tryFindChild(id), stack);
  if (!found) throw new Error(`cdk-nag acknowledgment: no construct at ${stack.node.path}/${path}`);
  return found;
}

// Only where the stack was asked for a cluster without deletion protection (the dev profile).
const UNPROTECTED_CLUSTER: Acknowledgment = {
  id: "AwsSolutions-RDS10",
  reason: "Deletion protection is off by choice: the dev profile's cluster is disposable and removed with the stack.",
  paths: ["Database/Cluster"],
};

export function acknowledgeAcceptedFindings(stack: Stack, { unprotectedAuroraCluster }: { unprotectedAuroraCluster: boolean }): void {
  for (const { id, reason, paths } of unprotectedAuroraCluster ? [...ACKNOWLEDGMENTS, UNPROTECTED_CLUSTER] : ACKNOWLEDGMENTS) {
    for (const scope of paths ? paths.map((path) => find(stack, path)) : [stack]) {
      Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
    }
  }
}
