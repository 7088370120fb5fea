import { cacheTable, collectedEvents, eventsPerInvocation } from "../src/simulated-caches";

// The summary callgrind --cache-sim=yes writes on stderr.
const stderr = (scale: number) => `==10565== Command: node runner.js
--10565-- warning: L3 cache found, using its data for the LL simulation.
==10565== Events    : Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
==10565== Collected : ${[1_000, 300, 200, 40, 20, 10, 8, 4, 2].map((n) => n * scale).join(" ")}
==10565==
==10565== I   refs:      ${1_000 * scale}
`;

describe("bench:instructions --cache-sim: a core's cache misses per warm invocation", () => {
  it("reads callgrind's event names and counts", () => {
    expect(collectedEvents(stderr(1))).toEqual({ Ir: 1_000, Dr: 300, Dw: 200, I1mr: 40, D1mr: 20, D1mw: 10, ILmr: 8, DLmr: 4, DLmw: 2 });
  });

  it("reads nothing from a run that printed no summary, or a summary that does not add up", () => {
    expect(collectedEvents("==1== Command: node runner.js\n")).toBeUndefined();
    expect(collectedEvents("==1== Events    : Ir I1mr\n==1== Collected : 5\n")).toBeUndefined();
  });

  it("counts per invocation what the longer run executed beyond the shorter", () => {
    expect(eventsPerInvocation(collectedEvents(stderr(1))!, collectedEvents(stderr(3))!, 100)).toMatchObject({ Ir: 20, I1mr: 0.8, DLmw: 0.04 });
  });

  it("sums each level's misses and sets the project beside the baseline", () => {
    const table = cacheTable(
      { Ir: 600_000, I1mr: 17_000, D1mr: 7_500, D1mw: 2_500, ILmr: 9_000, DLmr: 4_000, DLmw: 2_000 },
      { Ir: 400_000, I1mr: 10_000, D1mr: 4_000, D1mw: 1_000, ILmr: 3_000, DLmr: 1_000, DLmw: 1_000 },
    );
    expect(table.split("\n").slice(2)).toEqual([
      "| instructions | 600,000 | 400,000 | 1.50 |",
      "| first-level instruction-cache misses (32 KB) | 17,000 | 10,000 | 1.70 |",
      "| first-level data-cache misses (32 KB; reads and writes) | 10,000 | 5,000 | 2.00 |",
      "| second-level misses (512 KB; instructions, reads and writes) | 15,000 | 5,000 | 3.00 |",
    ]);
  });
});
