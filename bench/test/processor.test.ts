import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { describeProcessor, secondLevelCache } from "../src/processor";

/** A folder laid out as Linux describes a core's caches: index0, index1, … each with its level, type and size. */
function cacheFolder(caches: Array<{ level: string; type: string; size: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), "bookstore-cpu-caches-"));
  caches.forEach((cache, index) => {
    const folder = join(dir, `index${index}`);
    mkdirSync(folder);
    for (const [file, value] of Object.entries(cache)) writeFileSync(join(folder, file), `${value}\n`);
  });
  return dir;
}

describe("the processor a run met", () => {
  const made: string[] = [];
  const folder = (caches: Array<{ level: string; type: string; size: string }>) => {
    const dir = cacheFolder(caches);
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test("reads a core's second-level cache among its caches", () => {
    const caches = folder([
      { level: "1", type: "Data", size: "32K" },
      { level: "1", type: "Instruction", size: "32K" },
      { level: "2", type: "Unified", size: "1024K" },
      { level: "3", type: "Unified", size: "32768K" },
    ]);
    expect(secondLevelCache(caches)).toBe("1 MB");
    expect(secondLevelCache(folder([{ level: "2", type: "Unified", size: "512K" }]))).toBe("512 KB");
    expect(secondLevelCache(folder([{ level: "2", type: "Unified", size: "1280K" }]))).toBe("1280 KB");
  });

  test("says nothing of a cache the system does not describe", () => {
    expect(secondLevelCache(join(tmpdir(), "bookstore-no-such-folder"))).toBeUndefined();
    expect(secondLevelCache(folder([{ level: "1", type: "Data", size: "48K" }]))).toBeUndefined();
  });

  const model = cpus()[0]?.model.trim() || "unknown CPU";

  test("names the model, with the cache where it is known", () => {
    expect(describeProcessor(undefined, folder([{ level: "2", type: "Unified", size: "2048K" }]))).toBe(`${model} (2 MB second-level cache a core)`);
    expect(describeProcessor(undefined, join(tmpdir(), "bookstore-no-such-folder"))).toBe(model);
  });

  test("adds what a page's first touch cost, where it was measured", () => {
    expect(describeProcessor(10.34, folder([{ level: "2", type: "Unified", size: "1024K" }]))).toBe(`${model} (1 MB second-level cache a core; a page's first touch 10.3 µs)`);
    expect(describeProcessor(0.256, join(tmpdir(), "bookstore-no-such-folder"))).toBe(`${model} (a page's first touch 0.26 µs)`);
  });
});
