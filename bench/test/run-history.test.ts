import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure, type Measure } from "../src/measure";
import { formatTable } from "../src/report";
import { formatRunHistory, HEADLINE_MEASURES, measuredCommit, readRunHistory, recordedRun, replaceGeneratedSection, RUN_HISTORY, writeRunHistory } from "../src/run-history";

const PAGE = join(__dirname, "..", "..", "docs", "performance.md");
const RESULTS = join(__dirname, "..", "results.json");

/** A run whose every headline measure has the project at `factor` times a baseline of 1 (growth: the project at `factor`). */
function runMeasures(factor: number): Measure[] {
  return [...HEADLINE_MEASURES.map((name) => measure(name, "ms", factor, 1)), measure("warm-read-get-book-p50-over-data-api", "ms", 9, 1)];
}

/** What a generated section of the page holds. */
function section(page: string, name: string): string {
  const begin = `<!-- bench:${name} -->\n`;
  const start = page.indexOf(begin) + begin.length;
  return page.slice(start, page.indexOf(`\n<!-- /bench:${name} -->`));
}

describe("the history of full runs", () => {
  test("keeps a run's headline measures only", () => {
    const run = recordedRun("2026-12-04T04:47:51.454Z", "f4d39d9", "24.22.3", runMeasures(1.5));
    expect(run.measures.map((m) => m.name)).toEqual(HEADLINE_MEASURES);
    expect(run.measures[0]).toEqual({ name: "cold-get-book", project: 1.5, baseline: 1, ratio: 1.5 });
    expect(run).not.toHaveProperty("processor");
    expect(recordedRun("2026-12-06T00:00:00.000Z", "f4d39d9", "24.22.3", runMeasures(1), "AMD EPYC (1 MB second-level cache a core)").processor).toBe("AMD EPYC (1 MB second-level cache a core)");
  });

  test("is written one run per line, oldest first, and read back as written", () => {
    const dir = mkdtempSync(join(tmpdir(), "bookstore-run-history-"));
    try {
      const path = join(dir, "runs.json");
      const runs = [recordedRun("2026-12-01T10:00:00.000Z", "aaaaaaa", "24.22.3", runMeasures(2)), recordedRun("2026-12-02T10:00:00.000Z", null, "24.22.3", runMeasures(1.25), "Xeon (2 MB second-level cache a core)")];
      writeRunHistory(path, runs);
      expect(readRunHistory(path)).toEqual(runs);
      expect(readFileSync(path, "utf8").split("\n")).toHaveLength(runs.length + 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("names the commit measured, with a + for a change to anything but an earlier run's output", () => {
    const dir = mkdtempSync(join(tmpdir(), "bookstore-measured-commit-"));
    try {
      const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd: dir, stdio: "ignore" });
      const files = ["bench/results.json", "bench/run-history.json", "docs/performance.md", "docs/performance-cold-start.svg", "layers/orm/src/index.ts"];
      for (const file of files) {
        mkdirSync(join(dir, file, ".."), { recursive: true });
        writeFileSync(join(dir, file), "one\n");
      }
      git("init", "-q");
      git("add", ".");
      git("commit", "-q", "-m", "first");
      const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
      expect(measuredCommit(join(dir, "bench"))).toBe(head);
      for (const output of files.slice(0, 4)) writeFileSync(join(dir, output), "two\n");
      expect(measuredCommit(join(dir, "bench"))).toBe(head);
      writeFileSync(join(dir, "layers/orm/src/index.ts"), "two\n");
      expect(measuredCommit(join(dir, "bench"))).toBe(`${head}+`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("is shown newest first, each ratio in its column, and a dash for what a run did not measure", () => {
    const older = recordedRun("2026-12-01T10:00:00.000Z", "aaaaaaa", "24.22.3", runMeasures(2));
    const newer = recordedRun(
      "2026-12-02T11:30:00.000Z",
      "bbbbbbb+",
      "24.22.3",
      [
        measure("cold-get-book", "ms", 190, 130),
        measure("warm-read-get-book-p50", "ms", 0.3, 0.25),
        measure("warm-read-list-books-p50", "ms", 0.4, 0.2),
        measure("scaling-first-page-growth", "x", 0.97, 1.1),
      ],
      "AMD EPYC (1 MB second-level cache a core)",
    );
    const [header, , first, second, ...rest] = formatRunHistory([older, newer]).split("\n");
    expect(rest).toEqual([]);
    expect(header?.split("|").length).toBe(first?.split("|").length);
    expect(first).toBe("| 2026-12-02 11:30 | `bbbbbbb+` | 1.46 (—, —) | 1.20 / 2.00 / — / — | — / — / — / — | — / — / — / — | — / — / — / — | 0.97 / — | — | — | 130, 0.20–0.25 | AMD EPYC (1 MB second-level cache a core) |");
    expect(second).toBe("| 2026-12-01 10:00 | `aaaaaaa` | 2.00 (2.00, 2.00) | 2.00 / 2.00 / 2.00 / 2.00 | 2.00 / 2.00 / 2.00 / 2.00 | 2.00 / 2.00 / 2.00 / 2.00 | 2.00 / 2.00 / 2.00 / 2.00 | 2.00 / 2.00 | 2.00, 2.00, 2.00 | 2, 2 | 1, 1.00 | — |");
  });

  test("replaces a marked section of a page, and refuses a page without one section of that name", () => {
    const page = "intro\n<!-- bench:x -->\nold\n<!-- /bench:x -->\nafter\n";
    expect(replaceGeneratedSection(page, "x", "new\nlines")).toBe("intro\n<!-- bench:x -->\nnew\nlines\n<!-- /bench:x -->\nafter\n");
    expect(() => replaceGeneratedSection(page, "y", "new")).toThrow("<!-- bench:y -->");
    expect(() => replaceGeneratedSection(page + page, "x", "new")).toThrow("<!-- bench:x -->");
    expect(() => replaceGeneratedSection("<!-- /bench:x --><!-- bench:x -->", "x", "new")).toThrow("<!-- bench:x -->");
  });

  test("the performance page shows every recorded run, and the latest full run as bench/results.json holds it", () => {
    const page = readFileSync(PAGE, "utf8");
    const runs = readRunHistory(RUN_HISTORY);
    expect(section(page, "run-history")).toBe(formatRunHistory(runs));
    const results = JSON.parse(readFileSync(RESULTS, "utf8")) as { mode: string; measuredAt: string; measures: Measure[]; onMachineNode?: { node: string; measures: Measure[] } };
    expect(results.mode).toBe("full");
    expect(section(page, "latest-run")).toContain(formatTable(results.measures, results.onMachineNode));
    expect(runs.at(-1)?.measuredAt).toBe(results.measuredAt);
  });
});
