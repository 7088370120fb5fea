import type { CdkCustomResourceEvent } from "aws-lambda";
import { compileCacheHandler, type CompileCacheProperties, type Publisher } from "../src/publish-handler";

const PROPERTIES: CompileCacheProperties = {
  LayerName: "BookstoreSchema-orm-compile-cache",
  OrmLayerVersionArn: "arn:aws:lambda:eu-west-1:123456789012:layer:OrmLayer:7",
  CacheDirectory: "compile-cache",
  CompatibleRuntime: "nodejs24.x",
  CompatibleArchitecture: "arm64",
};
const PUBLISHED = "arn:aws:lambda:eu-west-1:123456789012:layer:BookstoreSchema-orm-compile-cache:3";

function recordingPublisher() {
  const calls: { published: Array<[CompileCacheProperties, Uint8Array]>; removed: string[] } = { published: [], removed: [] };
  const publisher: Publisher = {
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

  it.each(["Create", "Update"] as const)("on %s, publishes the cache made from the layer at /opt and answers with the new version", async (requestType) => {
    const { publisher, calls } = recordingPublisher();
    const made: string[][] = [];
    const handler = compileCacheHandler(publisher, { makeZip: (layerRoot, directory) => (made.push([layerRoot, directory]), zip) });
    const answer = await handler(event(requestType, requestType === "Update" ? "arn:aws:lambda:eu-west-1:123456789012:layer:BookstoreSchema-orm-compile-cache:2" : undefined));
    expect(made).toEqual([["/opt", "compile-cache"]]);
    expect(calls.published).toEqual([[expect.objectContaining(PROPERTIES), zip]]);
    expect(calls.removed).toEqual([]);
    expect(answer).toEqual({ PhysicalResourceId: PUBLISHED, Data: { LayerVersionArn: PUBLISHED } });
  });

  it("on Delete, deletes the layer version it had published", async () => {
    const { publisher, calls } = recordingPublisher();
    const handler = compileCacheHandler(publisher, { makeZip: () => zip });
    expect(await handler(event("Delete", PUBLISHED))).toEqual({ PhysicalResourceId: PUBLISHED });
    expect(calls).toEqual({ published: [], removed: [PUBLISHED] });
  });

  it("on Delete after a create that failed (no version behind the id), deletes nothing", async () => {
    const { publisher, calls } = recordingPublisher();
    const handler = compileCacheHandler(publisher, { makeZip: () => zip });
    await handler(event("Delete", "2f0c3a63-6f0e-4c1b-9d1e-3f5d2c1b0a9e"));
    expect(calls.removed).toEqual([]);
  });
});
