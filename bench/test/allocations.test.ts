import { allocationSites, allocationsByOwner, recordAllocations, type AllocationSite } from "../src/allocations";
import type { CallFrame } from "../src/profile-summary";

const frame = (url: string, functionName: string, lineNumber = 0): CallFrame => ({ url, functionName, lineNumber, columnNumber: 0 });
interface TreeNode {
  callFrame: CallFrame;
  selfSize: number;
  children: TreeNode[];
}
const node = (callFrame: CallFrame, selfSize: number, children: TreeNode[] = []): TreeNode => ({ callFrame, selfSize, children });

const LAYER = "file:///opt/nodejs/node_modules/@bookstore/orm/index.js";
const BUNDLE = "file:///var/task/index.js";

describe("bench:profile --allocations: what warm requests allocate, by whose code", () => {
  it("charges what Node.js's own functions and V8's allocate to the nearest caller outside them, and a script's own allocations to itself", () => {
    const tree = node(frame("", "(root)"), 0, [
      node(frame(BUNDLE, "handler"), 100, [
        node(frame(LAYER, "parseField", 8), 40, [node(frame("node:internal/buffer", "readInt16BE"), 300, [node(frame("", "(V8 API)"), 20)])]),
        node(frame("node:internal/buffer", "toString"), 60),
      ]),
      node(frame("node:internal/process/task_queues", "processTicksAndRejections"), 7),
    ]);
    const sites = allocationSites(tree);
    const charged = (site: AllocationSite) => [site.callFrame.functionName, site.chargedTo?.functionName, site.bytes];
    expect(sites.map(charged)).toEqual([
      ["handler", "handler", 100],
      ["parseField", "parseField", 40],
      ["readInt16BE", "parseField", 300],
      ["(V8 API)", "parseField", 20],
      ["toString", "handler", 60],
      ["processTicksAndRejections", undefined, 7],
    ]);
  });

  it("adds up each owner's bytes a request, largest first, then all, leaving out what has no owner", () => {
    const sites: AllocationSite[] = [
      { callFrame: frame(LAYER, "a"), chargedTo: frame(LAYER, "a"), bytes: 3000 },
      { callFrame: frame("node:internal/buffer", "b"), chargedTo: frame(LAYER, "a"), bytes: 1000 },
      { callFrame: frame(BUNDLE, "c"), chargedTo: frame(BUNDLE, "c"), bytes: 500 },
      { callFrame: frame("node:events", "d"), chargedTo: undefined, bytes: 700 },
      { callFrame: frame("file:///tmp/worker.js", "run"), chargedTo: frame("file:///tmp/worker.js", "run"), bytes: 9000 },
    ];
    const owner = (charged: CallFrame | undefined) =>
      !charged ? "Node.js" : charged.url.endsWith("worker.js") ? undefined : charged.url === LAYER ? "the layer" : "the function's bundle";
    expect(allocationsByOwner(sites, 10, owner)).toEqual([
      { owner: "the layer", bytesPerRequest: 400 },
      { owner: "Node.js", bytesPerRequest: 70 },
      { owner: "the function's bundle", bytesPerRequest: 50 },
      { owner: "all", bytesPerRequest: 520 },
    ]);
  });

  it("samples only what was allocated since it last handed its sites over, freed objects included", async () => {
    const recorder = recordAllocations();
    const kept: unknown[] = [];
    function allocatesManyArrays() {
      let last: number[] = [];
      for (let i = 0; i < 40_000; i += 1) last = new Array<number>(16).fill(i);
      kept.push(last);
    }
    const bytesOf = (sites: AllocationSite[]) => sites.filter((site) => site.callFrame.functionName === "allocatesManyArrays").reduce((sum, site) => sum + site.bytes, 0);
    try {
      await recorder.take();
      allocatesManyArrays();
      const first = await recorder.take();
      const second = await recorder.take();
      // 40,000 arrays of 16 elements: about 5 MB, all but one freed by the time it is taken.
      expect(bytesOf(first)).toBeGreaterThan(2 * 1024 * 1024);
      expect(bytesOf(second)).toBe(0);
    } finally {
      recorder.stop();
    }
    expect(kept).toHaveLength(1);
  });
});
