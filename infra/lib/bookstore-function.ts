import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { join } from "node:path";
import type { Network } from "./network";
import { LAYER_MODULES } from "./orm-layer";
import { projectPaths } from "./project-paths";
import type { VariableName } from "@bookstore/orm/environment";

/** Variables a function is deployed with, named only through the environment contract (ENV). */
export type FunctionEnvironment = Readonly<Partial<Record<VariableName, string>>>;

export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

export interface BookstoreFunctionProps {
  readonly entry: string;
  readonly description: string;
  /** Placed in the functions' subnets when given, with `securityGroup` or one of its own. */
  readonly network?: Network;
  /** @default - a security group of its own, with no rule */
  readonly securityGroup?: ec2.ISecurityGroup;
  /**
   * Placed in these subnets with these security groups, named by id (read
   * from another team's parameters). Outside any VPC when neither this nor
   * `network` is given (the Data API and DSQL targets).
   */
  readonly placement?: { readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  /** @default - a role of its own */
  readonly role?: iam.IRole;
  /** Of the function's log group. @default one month */
  readonly logRetention?: logs.RetentionDays;
  readonly layer: lambda.ILayerVersion;
  readonly environment: FunctionEnvironment;
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default - none: the function shares the account's unreserved concurrency */
  readonly reservedConcurrentExecutions?: number;
}

/** A word for bash, quoted. */
function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * A function as all of this app's are built: Node.js on ARM64, bundled by
 * esbuild on this machine (minified, names kept and given where functions are
 * written, source maps), the layer's packages left out of the bundle, placed
 * in the functions' subnets.
 */
export class BookstoreFunction extends Construct implements ec2.IConnectable {
  readonly function: nodejs.NodejsFunction;
  readonly securityGroup?: ec2.ISecurityGroup;

  get connections(): ec2.Connections {
    return this.function.connections;
  }

  constructor(scope: Construct, id: string, props: BookstoreFunctionProps) {
    super(scope, id);
    if (props.network) {
      this.securityGroup = props.securityGroup ?? new ec2.SecurityGroup(this, "SecurityGroup", {
        vpc: props.network.vpc,
        description: `${id}: may reach the RDS Proxy only`,
        allowAllOutbound: false,
      });
    }
    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: props.entry,
      handler: "handler",
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: props.role,
      layers: [props.layer],
      ...(props.network && this.securityGroup
        ? { vpc: props.network.vpc, vpcSubnets: props.network.functionSubnets, securityGroups: [this.securityGroup] }
        : {}),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      // Source maps ship with the bundle; NODE_OPTIONS=--enable-source-maps
      // applies them to stack traces, at the price of ~25 ms per cold start.
      environment: props.environment,
      projectRoot: projectPaths.root,
      depsLockFilePath: projectPaths.lockFile,
      bundling: {
        externalModules: LAYER_MODULES,
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        target: "node24",
        format: nodejs.OutputFormat.CJS,
        tsconfig: projectPaths.tsconfig,
        forceDockerBundling: false,
        // The layer's build step for esbuild's keepNames, on the bundle too;
        // then the bundle goes behind the loader that switches its compile cache on.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            [projectPaths.tsx, projectPaths.staticFunctionNamesScript, join(outputDir, "index.js")].map(shellQuoted).join(" "),
            [projectPaths.tsx, projectPaths.compileCacheLoaderScript, outputDir].map(shellQuoted).join(" "),
          ],
        },
      },
    });
    if (props.placement) {
      (this.function.node.defaultChild as lambda.CfnFunction).vpcConfig = { ...props.placement };
    }
  }
}
