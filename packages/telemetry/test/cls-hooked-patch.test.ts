import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// patches/cls-hooked+<version>.patch, applied by patch-package on npm install:
// AWS X-Ray's SDK keeps its current segment in a cls-hooked namespace,
// which the patch keeps in AsyncLocalStorage instead of async hooks.
const PROJECT_ROOT = join(__dirname, "..", "..", "..");
const INSTALLED = require.resolve("cls-hooked/context", { paths: [require.resolve("aws-xray-sdk-core", { paths: [PROJECT_ROOT] })] });
// The published implementation, kept beside this test as the reference.
const PUBLISHED = join(__dirname, "cls-hooked", "context-4.2.2.js");
const SCENARIOS = join(__dirname, "cls-hooked", "scenarios.js");

/** What each scenario saw, run in a process of its own (the published implementation installs async hooks for good). */
function scenarioResults(implementation: string): Record<string, unknown[]> {
  return JSON.parse(execFileSync(process.execPath, [SCENARIOS, implementation], { encoding: "utf8" })) as Record<string, unknown[]>;
}

describe("the cls-hooked patch: namespaces in AsyncLocalStorage", () => {
  test("is applied to the cls-hooked X-Ray's SDK loads (npm install runs patch-package)", () => {
    const installed = readFileSync(INSTALLED, "utf8");
    expect(installed).toContain("new async_hooks.AsyncLocalStorage()");
    expect(installed).not.toContain("createHook");
    const version = (JSON.parse(readFileSync(join(INSTALLED, "..", "package.json"), "utf8")) as { version: string }).version;
    expect(readFileSync(join(PROJECT_ROOT, "patches", `cls-hooked+${version}.patch`), "utf8")).toContain("AsyncLocalStorage");
  });

  test("every scenario sees what it sees with the published implementation", () => {
    const published = scenarioResults(PUBLISHED);
    const patched = scenarioResults(INSTALLED);
    expect(Object.keys(published).length).toBeGreaterThanOrEqual(11);
    expect(patched).toEqual(published);
    // Not trivially equal: the scenarios see contexts, values and errors.
    expect(published.rootEnteredAtStart).toEqual(Array(7).fill("facade"));
    expect(published.setAcrossAwaits).toEqual(["route", "route", "parent", "database", "database", "parent"]);
    expect(published.runsAreApart).toEqual([["two", "two"], ["one", "one"], ["outside", null]]);
  });
});
