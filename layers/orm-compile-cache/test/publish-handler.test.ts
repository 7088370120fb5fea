import type { CdkCustomResourceEvent } from "aws-lambda";
import { compileCacheHandler, type CompileCacheProperties, type Publisher } from "../src/publish-handler";

const PROPERTIES: CompileCacheProperties = {
  LayerName: "BookstoreApi-books-compile-cache",
  OrmLayerVersionArn: "arn:aws:lambda:eu-west-1:123456789012:layer:OrmLayer:7",
  CodeBucket: "cdk-hnb659fds-assets-123456789012-eu-west-1",
  CodeKey: "0123abcd.zip",
  Requests: JSON.stringify([{ httpMethod: "GET", path: "/book/1" }]),
  Layout: { layers: "opt", task: "var/task", cache: "compile-cache" },
  CompatibleRuntime: "nodejs24.x",
  CompatibleArchitecture: "arm64",
};
const PUBLISHED = "arn:aws:lambda:eu-west-1:123456789012:layer:BookstoreApi-books-compile-cache:3";
const CODE = new Uint8Array([9, 9]);

function recordingPublisher() {
  const calls: { fetched: string[]; published: Array<[CompileCacheProperties, Uint8Array]>; removed: string[] } = { fetched: [], published: [], removed: [] };
  const publisher: Publisher = {
    code: async (bucket, key) => {
      calls.fetched.push(`s3://${bucket}/${key}`);
      return CODE;
    },
    publish: async (properties, zip) => {
      calls.published.push([properties, zip]);
      return PUBLISHED;
    },
    remove: async (arn) => {
      calls.removed.push(arn);
    },
  };
  return { publisher, calls };
}

const event = (requestType: "Create" | "Update" | "Delete", physicalResourceId?: string) =>
  ({ RequestType: requestType, ResourceProperties: { ServiceToken: "token", ...PROPERTIES }, ...(physicalResourceId ? { PhysicalResourceId: physicalResourceId } : {}) }) as unknown as CdkCustomResourceEvent;

describe("the compile cache's custom resource", () => {
  const zip = new Uint8Array([1, 2, 3]);

  it.each(["Create", "Update"] as const)("on %s, publishes the cache made from the function's code and the layer at /opt and answers with the new version", async (requestType) => {
    const { publisher, calls } = recordingPublisher();
    const made: unknown[][] = [];
    const handler = compileCacheHandler(publisher, { makeZip: (properties, code, layerRoot) => (made.push([properties.CodeKey, code, layerRoot]), zip) });
    const answer = await handler(event(requestType, requestType === "Update" ? "arn:aws:lambda:eu-west-1:123456789012:layer:BookstoreApi-books-compile-cache:2" : undefined));
    expect(calls.fetched).toEqual(["s3://cdk-hnb659fds-assets-123456789012-eu-west-1/0123abcd.zip"]);
    expect(made).toEqual([["0123abcd.zip", CODE, "/opt"]]);
    expect(calls.published).toEqual([[expect.objectContaining(PROPERTIES), zip]]);
    expect(calls.removed).toEqual([]);
    expect(answer).toEqual({ PhysicalResourceId: PUBLISHED, Data: { LayerVersionArn: PUBLISHED } });
  });

  it("on Delete, deletes the layer version it had published", async () => {
    const { publisher, calls } = recordingPublisher();
    const handler = compileCacheHandler(publisher, { makeZip: () => zip });
    expect(await handler(event("Delete", PUBLISHED))).toEqual({ PhysicalResourceId: PUBLISHED });
    expect(calls).toEqual({ fetched: [], published: [], removed: [PUBLISHED] });
  });

  it("on Delete after a create that failed (no version behind the id), deletes nothing", async () => {
    const { publisher, calls } = recordingPublisher();
    const handler = compileCacheHandler(publisher, { makeZip: () => zip });
    await handler(event("Delete", "2f0c3a63-6f0e-4c1b-9d1e-3f5d2c1b0a9e"));
    expect(calls.removed).toEqual([]);
  });
});
