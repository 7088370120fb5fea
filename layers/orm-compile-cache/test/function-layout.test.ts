import { zipSync } from "fflate";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layOutFunction } from "../src/function-layout";
import { unzipInto, zipDirectory } from "../src/zip-directory";

const LAYOUT = { layers: "opt", task: "var/task", cache: "compile-cache" };

describe("a function laid out as in Lambda, for its compile cache", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "function-layout-test-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("copies the layer and the bundle to opt and var/task, where the bundle finds the layer's packages at the copy's own path, and leaves the cache to be made", () => {
    const layerRoot = join(work, "layer");
    mkdirSync(join(layerRoot, "nodejs", "node_modules", "shared"), { recursive: true });
    writeFileSync(join(layerRoot, "nodejs", "node_modules", "shared", "index.js"), "exports.where = __filename;");
    const bundleDir = join(work, "bundle");
    mkdirSync(bundleDir);
    writeFileSync(join(bundleDir, "index.js"), 'exports.where = () => require("shared").where;');

    const laidOut = layOutFunction(join(work, "root"), LAYOUT, { layerRoot, bundleDir });
    expect(laidOut).toEqual({ layers: join(work, "root", "opt"), task: join(work, "root", "var", "task"), cache: join(work, "root", "opt", "compile-cache") });
    expect(existsSync(laidOut.cache)).toBe(false);
    const where = execFileSync(process.execPath, ["-p", "require(process.argv[1]).where()", laidOut.task], { encoding: "utf8", env: { PATH: process.env.PATH } }).trim();
    expect(where).toBe(join(laidOut.layers, "nodejs", "node_modules", "shared", "index.js"));
  });

  it("zips a folder's files named from the layer's root, and unzips a code zip into a folder", () => {
    mkdirSync(join(work, "opt", "compile-cache", "v24"), { recursive: true });
    writeFileSync(join(work, "opt", "compile-cache", "v24", "entry"), "cached");
    writeFileSync(join(work, "opt", "elsewhere"), "left out");
    unzipInto(zipDirectory(join(work, "opt"), "compile-cache"), join(work, "unzipped"));
    expect(readFileSync(join(work, "unzipped", "compile-cache", "v24", "entry"), "utf8")).toBe("cached");
    expect(existsSync(join(work, "unzipped", "elsewhere"))).toBe(false);
  });

  it("refuses a zip that names a file outside the folder", () => {
    const zip = zipSync({ "../escaped.js": new TextEncoder().encode("x") });
    expect(() => unzipInto(zip, join(work, "unzipped"))).toThrow(/outside its folder/);
    expect(existsSync(join(work, "escaped.js"))).toBe(false);
  });
});
