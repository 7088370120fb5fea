import * as ssm from "aws-cdk-lib/aws-ssm";
import type { Construct } from "constructs";

/**
 * What the database team's schema stack publishes for the API stack, as
 * SSM parameters under one prefix: the release between the two teams. The
 * API stack reads them at deploy time as CloudFormation parameters of type
 * AWS::SSM::Parameter::Value<…>, never as exports, so a new layer version
 * never locks the schema stack and the API picks it up at its next deploy.
 */
export const RELEASE_PREFIX = "/bookstore/schema";

export const RELEASE_PARAMETERS = {
  layerVersionArn: "the ORM layer version the API functions run on",
  schemaVersion: "the latest migration the schema stack's migrator applied",
  apiRoleArn: "the execution role of the API functions, with the database access the database team grants them",
  alarmTopicArn: "the SNS topic alarms go to",
  proxyEndpoint: "RDS Proxy's endpoint (postgres target)",
  serverVersion: "the Aurora engine version (postgres target)",
  apiSecurityGroupId: "the security group that may reach RDS Proxy (postgres target)",
  apiSubnetIds: "the subnets the API functions run in, comma-separated (postgres target)",
  clusterArn: "the Aurora cluster the Data API runs statements on (data-api target)",
  appSecretArn: "the application role's secret (data-api target)",
  dsqlEndpoint: "the Aurora DSQL cluster endpoint (dsql target)",
} as const;

export type ReleaseParameter = keyof typeof RELEASE_PARAMETERS;

/** The parameter's name: its key in kebab case under the prefix. */
export function releaseParameterName(key: ReleaseParameter): string {
  return `${RELEASE_PREFIX}/${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** In the schema stack: publishes `value` (a token is fine) under the parameter's name. */
export function publishReleaseParameter(scope: Construct, key: ReleaseParameter, value: string): ssm.StringParameter {
  return new ssm.StringParameter(scope, `Release${key[0]?.toUpperCase()}${key.slice(1)}`, {
    parameterName: releaseParameterName(key),
    stringValue: value,
    description: `Bookstore release: ${RELEASE_PARAMETERS[key]}`,
  });
}

/** In the API stack: the parameter's value as CloudFormation resolves it at each deploy. */
export function readReleaseParameter(scope: Construct, key: ReleaseParameter): string {
  return ssm.StringParameter.valueForStringParameter(scope, releaseParameterName(key));
}
