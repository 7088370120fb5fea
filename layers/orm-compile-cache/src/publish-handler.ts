import { type Architecture, DeleteLayerVersionCommand, LambdaClient, PublishLayerVersionCommand, type Runtime } from "@aws-sdk/client-lambda";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from "aws-lambda";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layOutFunction, type FunctionLayout } from "./function-layout";
import { produceInFreshProcess } from "./produce-compile-cache";
import { unzipInto, zipDirectory } from "./zip-directory";

export { produceCompileCache } from "./produce-compile-cache";

/** What the API stack's custom resource passes, one per function (CloudFormation sends every value as a string). */
export interface CompileCacheProperties {
  /** The layer the cache is published to, a version per deploy that changes the function or the ORM layer. */
  LayerName: string;
  /** The ORM layer version the function runs with (mounted at /opt here). */
  OrmLayerVersionArn: string;
  /** The function's code as deployed: its asset's zip. */
  CodeBucket: string;
  CodeKey: string;
  /** API Gateway's events of the requests the function answers while the cache is made, as JSON. */
  Requests: string;
  Layout: FunctionLayout;
  CompatibleRuntime: string;
  CompatibleArchitecture: string;
}

/** Where Lambda mounts this function's layers: the ORM layer, as the API functions see it. */
const LAMBDA_LAYER_ROOT = "/opt";
const LAYER_VERSION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:layer:[\w-]+:\d+$/;

export interface Publisher {
  /** The function's code zip. */
  code(bucket: string, key: string): Promise<Uint8Array>;
  publish(properties: CompileCacheProperties, zip: Uint8Array): Promise<string>;
  remove(layerVersionArn: string): Promise<void>;
}

// Made on first use: the process that makes the cache loads this module too.
let lambdaClient: LambdaClient | undefined;
let s3Client: S3Client | undefined;
const lambda = () => (lambdaClient ??= new LambdaClient({}));
const s3 = () => (s3Client ??= new S3Client({}));

const awsPublisher: Publisher = {
  async code(bucket, key) {
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!object.Body) throw new Error(`s3://${bucket}/${key} has no content`);
    return object.Body.transformToByteArray();
  },
  async publish(properties, zip) {
    const published = await lambda().send(
      new PublishLayerVersionCommand({
        LayerName: properties.LayerName,
        Description: `V8 compile cache of s3://${properties.CodeBucket}/${properties.CodeKey} with ${properties.OrmLayerVersionArn}, Node.js ${process.version} on ${process.arch}`.slice(0, 256),
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

export type MakeZip = (properties: CompileCacheProperties, code: Uint8Array, layerRoot: string) => Uint8Array;

/**
 * Lays the function (its `code`) out with the layer at `layerRoot` as in
 * Lambda, makes its cache in a fresh process (this one may have loaded the
 * layer in an earlier invocation), and zips the cache under its folder as
 * the cache layer's content.
 */
const makeCacheZip: MakeZip = (properties, code, layerRoot) => {
  const workDir = mkdtempSync(join(tmpdir(), "compile-cache-"));
  try {
    const bundleDir = join(workDir, "bundle");
    unzipInto(code, bundleDir);
    const laidOut = layOutFunction(join(workDir, "function"), properties.Layout, { layerRoot, bundleDir });
    // This module, or the function's bundle of it, exports produceCompileCache.
    produceInFreshProcess({ script: __filename, laidOut, requests: JSON.parse(properties.Requests) as unknown[] });
    return zipDirectory(laidOut.layers, properties.Layout.cache);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
};

/**
 * The custom resource behind each API function's compile cache layer: on
 * create and on each update (a new bundle or ORM layer version), makes the
 * cache on this function's runtime, which is the API functions' own, and
 * publishes it as a new version of the function's cache layer; its ARN is
 * the resource's id, so CloudFormation deletes the version a deploy
 * replaced once the deploy is done (functions that still run on it keep
 * it, as with any layer version).
 */
export function compileCacheHandler(publisher: Publisher, { layerRoot = LAMBDA_LAYER_ROOT, makeZip = makeCacheZip } = {}) {
  return async (event: CdkCustomResourceEvent): Promise<CdkCustomResourceResponse> => {
    if (event.RequestType === "Delete") {
      if (LAYER_VERSION_ARN.test(event.PhysicalResourceId)) await publisher.remove(event.PhysicalResourceId);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    const properties = event.ResourceProperties as unknown as CompileCacheProperties;
    const code = await publisher.code(properties.CodeBucket, properties.CodeKey);
    const layerVersionArn = await publisher.publish(properties, makeZip(properties, code, layerRoot));
    return { PhysicalResourceId: layerVersionArn, Data: { LayerVersionArn: layerVersionArn } };
  };
}

export const handler = compileCacheHandler(awsPublisher);
