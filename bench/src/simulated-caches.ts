// What a warm invocation misses in a core's caches, from valgrind's cache
// simulation (callgrind --cache-sim=yes): two builds that execute about as
// many instructions can still differ in how long each takes, by how much
// code and data each reaches per request. The simulated caches are a
// core's, sized as on AMD's EPYC servers up to their third generation:
// 32 KB first-level instruction and data caches and a 512 KB second level
// (8-way, 64-byte lines; newer server cores have 1–2 MB). A second-level
// miss is an access that leaves the core: tens of cycles, where an
// instruction takes one or less.

export const CACHE_SIMULATION_OPTIONS = ["--cache-sim=yes", "--I1=32768,8,64", "--D1=32768,8,64", "--LL=524288,8,64"];

/** callgrind's event counts, as its summary lines name them (Ir, I1mr, D1mr, …). */
export type EventCounts = Record<string, number>;

/** The counts of callgrind's "Events :" and "Collected :" lines on stderr; undefined when it printed none. */
export function collectedEvents(stderr: string): EventCounts | undefined {
  const events = /== Events\s*: (.+)$/m.exec(stderr);
  const collected = /== Collected\s*: (.+)$/m.exec(stderr);
  if (!events || !collected) return undefined;
  const names = events[1]!.trim().split(/\s+/);
  const counts = collected[1]!.trim().split(/\s+/).map(Number);
  if (names.length !== counts.length || counts.some((count) => !Number.isFinite(count))) return undefined;
  return Object.fromEntries(names.map((name, index) => [name, counts[index]!]));
}

/** What `longer` counted beyond `shorter`, per invocation of the `invocations` it ran more. */
export function eventsPerInvocation(shorter: EventCounts, longer: EventCounts, invocations: number): EventCounts {
  return Object.fromEntries(Object.entries(longer).map(([name, count]) => [name, (count - (shorter[name] ?? 0)) / invocations]));
}

const ROWS: ReadonlyArray<[label: string, events: string[]]> = [
  ["instructions", ["Ir"]],
  ["first-level instruction-cache misses (32 KB)", ["I1mr"]],
  ["first-level data-cache misses (32 KB; reads and writes)", ["D1mr", "D1mw"]],
  ["second-level misses (512 KB; instructions, reads and writes)", ["ILmr", "DLmr", "DLmw"]],
];

/** Project beside baseline, per warm invocation, with their ratio. */
export function cacheTable(project: EventCounts, baseline: EventCounts): string {
  const sum = (counts: EventCounts, events: string[]) => events.reduce((total, event) => total + (counts[event] ?? 0), 0);
  const count = (n: number) => Math.round(n).toLocaleString("en");
  return [
    "| per warm invocation | project | baseline | project / baseline |",
    "|---|---:|---:|---:|",
    ...ROWS.map(([label, events]) => {
      const ours = sum(project, events);
      const theirs = sum(baseline, events);
      return `| ${label} | ${count(ours)} | ${count(theirs)} | ${theirs > 0 ? (ours / theirs).toFixed(2) : "–"} |`;
    }),
  ].join("\n");
}
