// Instructions per function, from a callgrind count: callgrind names
// compiled JavaScript only by its address ("???:0x…"), so each such address
// is looked up in the perf map V8 writes with --perf-basic-prof, where every
// piece of code it compiles is a line "<start> <size> <name>".

interface CodeRange {
  start: number;
  end: number;
  name: string;
}

export function parsePerfMap(text: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.+)$/.exec(line);
    if (match) ranges.push({ start: parseInt(match[1]!, 16), end: parseInt(match[1]!, 16) + parseInt(match[2]!, 16), name: match[3]! });
  }
  return ranges;
}

/** The code at `address` at the end of the run: V8 reuses the space of code it has freed, so the latest line wins. */
function codeAt(ranges: CodeRange[], address: number): string | undefined {
  for (let index = ranges.length - 1; index >= 0; index -= 1) {
    const range = ranges[index]!;
    if (address >= range.start && address < range.end) return range.name;
  }
  return undefined;
}

/**
 * A function's name without its file's folders, its C++ arguments,
 * callgrind's "???:" (no debug information) or its "'2" (a function entered
 * again before it returned); JavaScript without V8's mark of the tier that
 * compiled it, so that one function's code from every tier adds up.
 */
function shortName(name: string): string {
  const withoutFolders = name.replace(/(?:\/[^/\s:]+)+\/([^/\s:]+:\d+:\d+)/g, "$1");
  return withoutFolders
    .replace(/^\?\?\?:/, "")
    .replace(/'\d+$/, "")
    .replace(/^JS:[~^+*]?'?/, "JS:")
    .replace(/\(anonymous namespace\)/g, "{anonymous}")
    .replace(/^(?!JS:)([^(]*)\(.*$/, "$1");
}

/**
 * Self instructions per function from `callgrind_annotate --inclusive=no`'s
 * listing, compiled JavaScript named from the perf map.
 */
export function instructionsByFunction(annotated: string, perfMap: CodeRange[]): Map<string, number> {
  const costs = new Map<string, number>();
  for (const line of annotated.split("\n")) {
    const match = /^\s*([\d,]+) \([^)]*\)\s+(.+?)(?: \[[^\]]*\])?$/.exec(line);
    if (!match || match[2]!.startsWith("PROGRAM TOTALS")) continue;
    const address = /^\?\?\?:0x([0-9a-f]+)$/.exec(match[2]!);
    const code = address ? codeAt(perfMap, parseInt(address[1]!, 16)) : undefined;
    const name = shortName(code ?? match[2]!);
    costs.set(name, (costs.get(name) ?? 0) + Number(match[1]!.replace(/,/g, "")));
  }
  return costs;
}

/** What `longer` counted beyond `shorter`, per invocation of the `invocations` it ran more. */
export function perInvocationByFunction(shorter: Map<string, number>, longer: Map<string, number>, invocations: number): Map<string, number> {
  const difference = new Map<string, number>();
  for (const [name, count] of longer) difference.set(name, (count - (shorter.get(name) ?? 0)) / invocations);
  return difference;
}

/** The `limit` functions where the project spends the most beyond the baseline, as a table. */
export function functionTable(project: Map<string, number>, baseline: Map<string, number>, limit: number): string {
  const names = new Set([...project.keys(), ...baseline.keys()]);
  const rows = [...names]
    .map((name) => ({ name, project: project.get(name) ?? 0, baseline: baseline.get(name) ?? 0 }))
    .sort((a, b) => b.project - b.baseline - (a.project - a.baseline))
    .slice(0, limit);
  const count = (n: number) => Math.round(n).toLocaleString("en");
  return [
    "| project | baseline | difference | function |",
    "|---:|---:|---:|---|",
    ...rows.map((row) => `| ${count(row.project)} | ${count(row.baseline)} | ${count(row.project - row.baseline)} | ${row.name.replace(/\|/g, "\\|")} |`),
  ].join("\n");
}
