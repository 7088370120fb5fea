import { RemovalPolicy } from "aws-cdk-lib";
import * as dsql from "aws-cdk-lib/aws-dsql";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

export interface DsqlClusterProps {
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An Aurora DSQL cluster (aws-cdk-lib has only the L1 resource): serverless,
 * no VPC, IAM authentication only, encrypted with an AWS-owned key.
 */
export class DsqlCluster extends Construct {
  readonly cluster: dsql.CfnCluster;

  constructor(scope: Construct, id: string, props: DsqlClusterProps = {}) {
    super(scope, id);
    this.cluster = new dsql.CfnCluster(this, "Cluster", { deletionProtectionEnabled: props.deletionProtection ?? true });
    // DSQL keeps no snapshot on deletion: what a restore needs is the cluster itself.
    const policy = props.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.cluster.applyRemovalPolicy(policy);
  }

  /** Lets `grantee` log in with a DbConnect token (as a role mapped to its IAM role, never admin). */
  grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ["dsql:DbConnect"], resourceArns: [this.cluster.attrResourceArn] });
  }
}
