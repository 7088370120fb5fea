import * as iam from "aws-cdk-lib/aws-iam";
import type * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";

/** The five calls a client of the RDS Data API makes. */
export const DATA_API_ACTIONS = [
  "rds-data:ExecuteStatement",
  "rds-data:BatchExecuteStatement",
  "rds-data:BeginTransaction",
  "rds-data:CommitTransaction",
  "rds-data:RollbackTransaction",
];

/**
 * Lets `grantee` call the Data API on this cluster only, logging in with
 * `secret` only. (The cluster's own grantDataApiAccess would also grant the
 * owner's secret, which the API functions must never read.)
 */
export function grantDataApi(grantee: iam.IGrantable, cluster: rds.DatabaseCluster, secret: secretsmanager.ISecret): void {
  iam.Grant.addToPrincipal({ grantee, actions: DATA_API_ACTIONS, resourceArns: [cluster.clusterArn] });
  secret.grantRead(grantee);
}
