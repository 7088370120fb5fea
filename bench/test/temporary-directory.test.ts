import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const MODULE = join(__dirname, "..", "src", "temporary-directory.ts");

/** Runs `body` in a Node.js process of its own with temporaryDirectory in scope; what it prints. */
function inChildProcess(body: string): string {
  const script = `const { temporaryDirectory } = require(${JSON.stringify(MODULE)}); ${body}`;
  return execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
}

describe("the bench's temporary directories", () => {
  test("exist while the process runs, with what was written in them, and are gone once it exits", () => {
    const [dir, existed] = JSON.parse(
      inChildProcess(`
        const fs = require("node:fs");
        const dir = temporaryDirectory("bookstore-bench-test-");
        fs.mkdirSync(dir + "/nested");
        fs.writeFileSync(dir + "/nested/file.js", "1");
        process.stdout.write(JSON.stringify([dir, fs.existsSync(dir + "/nested/file.js")]));`),
    ) as [string, boolean];
    expect(existed).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  test("are gone too when the process ends with an error", () => {
    let output = "";
    try {
      inChildProcess(`process.stdout.write(temporaryDirectory("bookstore-bench-test-")); throw new Error("failed");`);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toContain("bookstore-bench-test-");
    expect(existsSync(output)).toBe(false);
  });
});
