import { ArnFormat, Aws, CustomResource, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { COMPILE_CACHE_DIRECTORY, LAMBDA_LAYOUT } from "@bookstore/orm/layer-packages";
import type { CompileCacheProperties } from "@bookstore/orm-compile-cache/publish-handler";
import { BookstoreFunction, FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME } from "./bookstore-function";
import { projectPaths } from "./project-paths";

/** A function's cache layer (layer names are the account's, in each region). */
export const compileCacheLayerName = (stackName: string, functionId: string) => `${stackName}-${functionId}-compile-cache`;

export interface CompileCachesProps {
  /** The ORM layer version the functions run with. */
  readonly layer: lambda.ILayerVersion;
  readonly logRetention: logs.RetentionDays;
  /**
   * A label of the build: a new one makes and publishes new caches for the
   * same functions and layer, e.g. after Lambda updated the runtime.
   * @default none: a cache per bundle and layer version
   */
  readonly build?: string;
}

export interface FunctionCompileCache {
  /** Names the cache's layer. */
  readonly id: string;
  readonly function: lambda.Function;
  /** API Gateway's events of the requests the function answers while its cache is made (JSON). */
  readonly requests: string;
}

/**
 * Each API function's V8 compile cache, as a layer version of its own that
 * the function attaches beside the ORM layer: with it, a cold start reads
 * the layer's and the bundle's compiled code instead of compiling them.
 * Node.js accepts a cache only from its own version, architecture and V8
 * flags, and Lambda updates the runtime on its own schedule; so a cache is
 * made on deploy, by a function on the API functions' runtime and
 * architecture with the ORM layer attached, from the function's code as
 * uploaded, each time the bundle or the layer changes. After a runtime
 * update Node.js ignores the cache (a cold start is as without it) until
 * the next deploy that changes either, or a new `build` label. V8 flags
 * given to the API functions (NODE_OPTIONS) must be given to the builder
 * too, or their cold starts ignore the cache alike; those the function's
 * loader sets are, as the builder runs the function through its loader.
 */
export class CompileCaches extends Construct {
  private readonly builder: lambda.Function;
  private readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, private readonly props: CompileCachesProps) {
    super(scope, id);
    this.builder = new BookstoreFunction(this, "Builder", {
      entry: projectPaths.compileCacheHandler,
      description: "Makes an API function's V8 compile cache on its runtime and publishes it as a layer version",
      layer: props.layer,
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      environment: {},
    }).function;
    this.provider = new cr.Provider(this, "Provider", {
      onEventHandler: this.builder,
      logGroup: new logs.LogGroup(this, "ProviderLogs", { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
    });
  }

  /** Makes `cache.function`'s cache on each deploy that changes its bundle or the layer, and attaches it. */
  add(cache: FunctionCompileCache): void {
    const stack = Stack.of(this);
    const layerName = compileCacheLayerName(stack.stackName, cache.id);
    const layerArn = stack.formatArn({ service: "lambda", resource: "layer", resourceName: layerName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const code = (cache.function.node.defaultChild as lambda.CfnFunction).code as lambda.CfnFunction.CodeProperty;
    if (!code.s3Bucket || !code.s3Key) throw new Error(`${cache.function.node.path} has no code asset to make a compile cache of`);
    this.builder.addToRolePolicy(new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [`arn:${Aws.PARTITION}:s3:::${code.s3Bucket}/${code.s3Key}`] }));
    this.builder.addToRolePolicy(new iam.PolicyStatement({ actions: ["lambda:PublishLayerVersion"], resources: [layerArn] }));
    this.builder.addToRolePolicy(new iam.PolicyStatement({ actions: ["lambda:DeleteLayerVersion"], resources: [`${layerArn}:*`] }));

    const properties: CompileCacheProperties = {
      LayerName: layerName,
      OrmLayerVersionArn: this.props.layer.layerVersionArn,
      CodeBucket: code.s3Bucket,
      CodeKey: code.s3Key,
      Requests: cache.requests,
      Layout: { layers: LAMBDA_LAYOUT.layers, task: LAMBDA_LAYOUT.task, cache: COMPILE_CACHE_DIRECTORY },
      CompatibleRuntime: FUNCTION_RUNTIME.name,
      CompatibleArchitecture: FUNCTION_ARCHITECTURE.name,
    };
    const resource = new CustomResource(this, cache.id, {
      serviceToken: this.provider.serviceToken,
      resourceType: "Custom::CompileCache",
      properties: { ...properties, ...(this.props.build ? { Build: this.props.build } : {}) },
    });
    cache.function.addLayers(lambda.LayerVersion.fromLayerVersionArn(this, `${cache.id}Layer`, resource.getAttString("LayerVersionArn")));
  }
}
