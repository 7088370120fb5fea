import { type Architecture, DeleteLayerVersionCommand, LambdaClient, PublishLayerVersionCommand, type Runtime } from "@aws-sdk/client-lambda";
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from "aws-lambda";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { produceInFreshProcess } from "./produce-compile-cache";
import { zipDirectory } from "./zip-directory";

export { produceCompileCache } from "./produce-compile-cache";

/** What the schema stack's custom resource passes (CloudFormation sends every value as a string). */
export interface CompileCacheProperties {
  /** The layer the cache is published to, a version per deploy that changes the ORM layer. */
  LayerName: string;
  /** The ORM layer version the cache is made for (mounted at /opt here): a new one makes a new cache. */
  OrmLayerVersionArn: string;
  /** Where the ORM layer's packages look for it under /opt. */
  CacheDirectory: string;
  CompatibleRuntime: string;
  CompatibleArchitecture: string;
}

/** Where Lambda mounts this function's layers: the ORM layer, as the API functions see it. */
const LAMBDA_LAYER_ROOT = "/opt";
const LAYER_VERSION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:layer:[\w-]+:\d+$/;

export interface Publisher {
  publish(properties: CompileCacheProperties, zip: Uint8Array): Promise<string>;
  remove(layerVersionArn: string): Promise<void>;
}

// Made on first use: the process that makes the cache loads this module too.
let client: LambdaClient | undefined;
const lambda = () => (client ??= new LambdaClient({}));

const lambdaPublisher: Publisher = {
  async publish(properties, zip) {
    const published = await lambda().send(
      new PublishLayerVersionCommand({
        LayerName: properties.LayerName,
        Description: `V8 compile cache of ${properties.OrmLayerVersionArn} for Node.js ${process.version} on ${process.arch}`,
        Content: { ZipFile: zip },
        CompatibleRuntimes: [properties.CompatibleRuntime as Runtime],
        CompatibleArchitectures: [properties.CompatibleArchitecture as Architecture],
      }),
    );
    if (!published.LayerVersionArn) throw new Error("PublishLayerVersion returned no LayerVersionArn");
    return published.LayerVersionArn;
  },
  async remove(layerVersionArn) {
    const versionAt = layerVersionArn.lastIndexOf(":");
    await lambda().send(new DeleteLayerVersionCommand({ LayerName: layerVersionArn.slice(0, versionAt), VersionNumber: Number(layerVersionArn.slice(versionAt + 1)) }));
  },
};

/**
 * Makes the cache of the layer at `layerRoot` in a fresh process (this one
 * may have loaded the layer in an earlier invocation), zipped under its
 * directory as the cache layer's content.
 */
function makeCacheZip(layerRoot: string, cacheDirectory: string): Uint8Array {
  const workDir = mkdtempSync(join(tmpdir(), "orm-compile-cache-"));
  try {
    // This module, or the function's bundle of it, exports produceCompileCache.
    produceInFreshProcess({ script: __filename, layerRoot, cacheDir: join(workDir, cacheDirectory) });
    return zipDirectory(workDir);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The custom resource behind the API functions' compile cache layer: on
 * create and on each update (a new ORM layer version), makes the cache on
 * this function's runtime, which is the API functions' own, and publishes
 * it as a new version of the cache layer; its ARN is the resource's id, so
 * CloudFormation deletes the version a deploy replaced once the deploy is
 * done (functions that still run on it keep it, as with any layer version).
 */
export function compileCacheHandler(publisher: Publisher, { layerRoot = LAMBDA_LAYER_ROOT, makeZip = makeCacheZip } = {}) {
  return async (event: CdkCustomResourceEvent): Promise<CdkCustomResourceResponse> => {
    if (event.RequestType === "Delete") {
      if (LAYER_VERSION_ARN.test(event.PhysicalResourceId)) await publisher.remove(event.PhysicalResourceId);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    const properties = event.ResourceProperties as unknown as CompileCacheProperties;
    const layerVersionArn = await publisher.publish(properties, makeZip(layerRoot, properties.CacheDirectory));
    return { PhysicalResourceId: layerVersionArn, Data: { LayerVersionArn: layerVersionArn } };
  };
}

export const handler = compileCacheHandler(lambdaPublisher);
