import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { COMPILE_CACHE_DIRECTORY } from "@bookstore/orm/layer-packages";
import type { CompileCacheProperties } from "@bookstore/orm-compile-cache/publish-handler";
import { BookstoreFunction, FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME } from "./bookstore-function";
import { projectPaths } from "./project-paths";

/** The cache's layer, one per schema stack (layer names are the account's, in each region). */
export const compileCacheLayerName = (schemaStackName: string) => `${schemaStackName}-orm-compile-cache`;

export interface OrmCompileCacheProps {
  /** The ORM layer version the cache is made for. */
  readonly layer: lambda.ILayerVersion;
  readonly logRetention: logs.RetentionDays;
  /**
   * A label of the build: a new one makes and publishes a new cache for the
   * same layer version, e.g. after Lambda updated the runtime.
   * @default none: a cache per layer version
   */
  readonly build?: string;
}

/**
 * The ORM layer's V8 compile cache, as a layer version of its own that the
 * API functions attach beside the ORM layer: with it, a cold start reads
 * the layer's compiled code instead of compiling it. Node.js accepts a
 * cache only from its own version, architecture and V8 flags, and Lambda
 * updates the runtime on its own schedule; so the cache is made on deploy,
 * by a function on the API functions' runtime, architecture and memory with
 * the ORM layer attached, each time the ORM layer changes. After a runtime
 * update Node.js ignores the cache (a cold start is as without it) until
 * the next ORM layer version, or a new `build` label, brings a new one.
 * V8 flags given to the API functions (NODE_OPTIONS) must be given to the
 * builder too, or their cold starts ignore the cache alike.
 */
export class OrmCompileCache extends Construct {
  /** The cache's layer version, made for `layer`. */
  readonly layerVersionArn: string;

  constructor(scope: Construct, id: string, props: OrmCompileCacheProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const layerName = compileCacheLayerName(stack.stackName);
    const layerArn = stack.formatArn({ service: "lambda", resource: "layer", resourceName: layerName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const builder = new BookstoreFunction(this, "Builder", {
      entry: projectPaths.compileCacheHandler,
      description: "Makes the ORM layer's V8 compile cache on the API functions' runtime and publishes it as a layer version",
      layer: props.layer,
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      environment: {},
    }).function;
    builder.addToRolePolicy(new iam.PolicyStatement({ actions: ["lambda:PublishLayerVersion"], resources: [layerArn] }));
    builder.addToRolePolicy(new iam.PolicyStatement({ actions: ["lambda:DeleteLayerVersion"], resources: [`${layerArn}:*`] }));

    const provider = new cr.Provider(this, "Provider", {
      onEventHandler: builder,
      logGroup: new logs.LogGroup(this, "ProviderLogs", { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
    });
    const properties: CompileCacheProperties = {
      LayerName: layerName,
      OrmLayerVersionArn: props.layer.layerVersionArn,
      CacheDirectory: COMPILE_CACHE_DIRECTORY,
      CompatibleRuntime: FUNCTION_RUNTIME.name,
      CompatibleArchitecture: FUNCTION_ARCHITECTURE.name,
    };
    const cache = new CustomResource(this, "Cache", {
      serviceToken: provider.serviceToken,
      resourceType: "Custom::OrmCompileCache",
      properties: { ...properties, ...(props.build ? { Build: props.build } : {}) },
    });
    this.layerVersionArn = cache.getAttString("LayerVersionArn");
  }
}
