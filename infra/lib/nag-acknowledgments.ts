import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { accessOf, API_ROUTES } from "@bookstore/api-contract";
import { compileCacheLayerName } from "./compile-caches";
import { STACK_NAMES } from "./stack-names";

type Owner = "data" | "schema" | "api";

interface Acknowledgment {
  id: string;
  reason: string;
  /** Paths under each stack that has them (a target may lack some); the whole stack when omitted. */
  paths?: Partial<Record<Owner, string[]>>;
}

const migratorRole = "SchemaMigrator/Migrator/Function/ServiceRole";
const compileCacheBuilderRole = "CompileCaches/Builder/Function/ServiceRole";
// aws-cdk-lib's custom resource provider, which calls the builder.
const compileCacheProviderRole = "CompileCaches/Provider/framework-onEvent/ServiceRole";
// The API functions run as a role the database team's stack makes; their
// stack adds its own policy (X-Ray) to it.
const apiRole = "ApiFunctionRole";

// CDK's singleton that sets the retention of log groups it does not create
// (the cluster's PostgreSQL log export, CDK's own handlers); its id is fixed by aws-cdk-lib.
const logRetentionRole = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole";
const everywhere = (paths: string[]) => ({ data: paths, schema: paths, api: paths });

// The methods open to anyone: each route's reads, the mock answering other
// methods 405, and the OpenAPI document. Writes are never among them.
const publicMethods = [
  ...API_ROUTES.flatMap((route) => [
    ...route.methods.filter((method) => accessOf(route.resource, method) === "anyone").map((method) => `RestApi/Api/Default${route.resource}/${method}`),
    `RestApi/Api/Default${route.resource}/ANY`,
  ]),
  "RestApi/Api/Default/openapi.json/GET",
];

/**
 * Each accepted cdk-nag finding: the rule, where it applies, and why.
 * Anything not listed here fails `cdk synth`.
 */
const ACKNOWLEDGMENTS: Acknowledgment[] = [
  {
    id: "AwsSolutions-COG8",
    reason: "The Plus feature plan (threat protection) is billed per active user; Essentials keeps a new account's bill at zero. Choose PLUS in sign-in.ts for adaptive authentication and compromised-credential checks.",
    paths: { api: ["SignIn/UserPool"] },
  },
  {
    id: "AwsSolutions-COG2",
    reason: "MFA is optional (authenticator apps, no SMS): readers who only review are not made to enrol; set Mfa.REQUIRED in sign-in.ts where every user writes data that matters.",
    paths: { api: ["SignIn/UserPool"] },
  },
  {
    id: "AwsSolutions-COG4",
    reason: "Reads are public by the API's access rules (every write has the Cognito authorizer); the 405 answers and the document invoke nothing.",
    paths: { api: publicMethods },
  },
  {
    id: "AwsSolutions-APIG4",
    reason: "Reads are public by the API's access rules (every write has the Cognito authorizer); the 405 answers and the document invoke nothing.",
    paths: { api: publicMethods },
  },
  {
    id: "AwsSolutions-APIG2",
    reason: "Requests are validated in the handlers by the zod schemas the OpenAPI document is generated from; a second copy in API Gateway would drift.",
    paths: { api: ["RestApi/Api"] },
  },
  {
    id: "AwsSolutions-APIG3",
    reason: "WAF is optional and costs at idle; stage throttling limits abuse. Associate a web ACL for internet-facing production use.",
    paths: { api: ["RestApi/Api"] },
  },
  {
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
    reason: "The AWS-managed policy API Gateway's account-level logging role is designed for.",
    paths: { api: ["RestApi/Api/CloudWatchRole"] },
  },
  {
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    reason: "The AWS-managed Lambda logging policy; a custom copy would only duplicate it.",
    paths: { data: [apiRole, logRetentionRole], schema: [migratorRole, logRetentionRole], api: [compileCacheBuilderRole, compileCacheProviderRole, logRetentionRole] },
  },
  {
    id: "AwsSolutions-IAM5[Resource::*]",
    reason: "aws-cdk-lib's log-retention function sets retention on log groups named only at deploy time (logs:PutRetentionPolicy, logs:DeleteRetentionPolicy).",
    paths: everywhere([`${logRetentionRole}/DefaultPolicy`]),
  },
  {
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]",
    reason: "The AWS-managed policy that lets Lambda manage the ENIs of a function in a VPC.",
    paths: { data: [apiRole], schema: [migratorRole] },
  },
  {
    id: "AwsSolutions-IAM5[Resource::*]",
    reason: "Only xray:PutTraceSegments and xray:PutTelemetryRecords use '*': X-Ray has no resource-level permissions.",
    paths: { schema: [`${migratorRole}/DefaultPolicy`], api: [`${apiRole}/Policy*`, `${compileCacheBuilderRole}/DefaultPolicy`] },
  },
  ...(["books", "reviews"] as const).map((service) => ({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:layer:${compileCacheLayerName(STACK_NAMES.api, service)}:*]`,
    reason: "The compile caches' builder deletes the versions of a function's cache layer a deploy replaced; a layer version's ARN ends in its number.",
    paths: { api: [`${compileCacheBuilderRole}/DefaultPolicy`] },
  })),
  {
    id: "AwsSolutions-IAM5[Resource::<CompileCachesBuilderFunctionA9311F3C.Arn>:*]",
    reason: "aws-cdk-lib's custom resource provider may invoke any version of the one function it calls, the compile caches' builder.",
    paths: { api: [`${compileCacheProviderRole}/DefaultPolicy`] },
  },
];

/** The construct at `path`; a last segment ending in `*` matches the child whose id starts with the rest. */
function find(stack: Stack, path: string): IConstruct | undefined {
  return path.split("/").reduce<IConstruct | undefined>(
    (node, id) => (id.endsWith("*") ? node?.node.children.find((child) => child.node.id.startsWith(id.slice(0, -1))) : node?.node.tryFindChild(id)),
    stack,
  );
}

// Only where the stack was asked for a cluster without deletion protection (the dev profile).
const UNPROTECTED_CLUSTER: Acknowledgment = {
  id: "AwsSolutions-RDS10",
  reason: "Deletion protection is off by choice: the dev profile's cluster is disposable and removed with the stack.",
  paths: { data: ["Database/Cluster"] },
};

export function acknowledgeAcceptedFindings(stacks: Record<Owner, Stack>, { unprotectedAuroraCluster }: { unprotectedAuroraCluster: boolean }): void {
  for (const { id, reason, paths } of unprotectedAuroraCluster ? [...ACKNOWLEDGMENTS, UNPROTECTED_CLUSTER] : ACKNOWLEDGMENTS) {
    for (const [owner, stack] of Object.entries(stacks) as Array<[Owner, Stack]>) {
      const scopes = paths ? (paths[owner] ?? []).map((path) => find(stack, path)) : [stack];
      for (const scope of scopes) if (scope) Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
    }
  }
}
