import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ownerOfSource, summarizeProfile, type ClockWindow } from "../src/profile-summary";

// A minified bundle of an app and a package, each spinning on the CPU in a
// function of its own; the app prints when the package's turn began and ended.
const LIBRARY = `export function spinInLibrary(ms) {
  const end = Date.now() + ms;
  let turns = 0;
  while (Date.now() < end) turns += 1;
  return turns;
}
`;
const APP = `import { spinInLibrary } from "spinning-library";
function spinInApp(ms: number): number {
  const end = Date.now() + ms;
  let turns = 0;
  while (Date.now() < end) turns += 1;
  return turns;
}
const micros = () => Number(process.hrtime.bigint() / 1000n);
spinInApp(300);
const startMicros = micros();
spinInLibrary(300);
console.log(JSON.stringify({ startMicros, endMicros: micros(), turns: spinInApp(1) }));
`;

describe("bench:profile: where a CPU profile's time went, through the built files' source maps", () => {
  let dir: string;
  let profile: string;
  let libraryTurn: ClockWindow;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "profile-summary-"));
    mkdirSync(join(dir, "node_modules", "spinning-library"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "spinning-library", "index.js"), LIBRARY);
    writeFileSync(join(dir, "app.ts"), APP);
    await build({ entryPoints: [join(dir, "app.ts")], outfile: join(dir, "built", "app.js"), bundle: true, minify: true, sourcemap: "linked", platform: "node", logLevel: "error" });
    const output = execFileSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${join(dir, "profile")}`, join(dir, "built", "app.js")], { encoding: "utf8" });
    libraryTurn = JSON.parse(output) as ClockWindow;
    profile = join(dir, "profile", readdirSync(join(dir, "profile"))[0] as string);
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("names the hottest functions as their sources do, at their original lines", () => {
    const hottest = summarizeProfile(profile).hottest(2);
    expect(hottest.map(({ name, at }) => ({ name, at }))).toEqual(
      expect.arrayContaining([
        { name: "spinInApp", at: expect.stringMatching(/app\.ts:2$/) },
        { name: "spinInLibrary", at: "spinning-library/index.js:1" },
      ]),
    );
  });

  test("counts only the samples taken in the window it is given", () => {
    const hottest = summarizeProfile(profile, libraryTurn).hottest(1);
    expect(hottest[0]?.name).toBe("spinInLibrary");
    expect(hottest[0]?.share).toBeGreaterThan(80);
  });

  test("gives each owner its self time per request: the package, not the app, in the package's turn", () => {
    const owners = summarizeProfile(profile, libraryTurn).byOwner(3);
    expect(owners[0]?.owner).toBe("spinning-library");
    // 300 ms over three requests, give or take the sampler's rounding.
    expect(owners[0]?.microsPerRequest).toBeGreaterThan(70_000);
    expect(owners[0]?.microsPerRequest).toBeLessThan(110_000);
    expect(owners.find((row) => row.owner.endsWith("app.ts"))?.microsPerRequest ?? 0).toBeLessThan(5_000);
  });

  test("owners: an npm package by its name, this repository's code by its workspace, TypeORM by where its maps point", () => {
    const root = resolve(__dirname, "..", "..");
    expect(ownerOfSource("../../node_modules/@middy/core/index.js", "@middy/core/index.js")).toBe("@middy/core");
    expect(ownerOfSource("../../node_modules/pg/lib/result.js", "pg/lib/result.js")).toBe("pg");
    expect(ownerOfSource(`${root}/packages/http-kit/src/representation.ts`, "packages/http-kit/src/representation.ts")).toBe("packages/http-kit");
    expect(ownerOfSource(`${root}/layers/orm/src/entities/book.ts`, "layers/orm/src/entities/book.ts")).toBe("layers/orm");
    expect(ownerOfSource(`${root}/src/query-builder/QueryBuilder.ts`, "src/query-builder/QueryBuilder.ts")).toBe("typeorm");
  });
});
