import { writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { Measure } from "./measure";

export function describeMachine(serverVersion: string, measuredNode: string): string {
  const processors = cpus();
  return [
    `${processors.length} × ${processors[0]?.model.trim() ?? "unknown CPU"}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
    `${process.platform} ${release()}`,
    `Node.js ${measuredNode} (the measured processes; the bench itself on ${process.versions.node})`,
    `PostgreSQL ${serverVersion}`,
  ].join(", ");
}

const cell = (value: number | null | undefined) => (value === null || value === undefined ? "—" : String(value));

/** The headline measures again on another Node.js (this machine's), for a second column. */
export interface SecondColumn {
  node: string;
  measures: Measure[];
}

/** The results as a Markdown table: what docs/performance.md shows. */
export function formatTable(measures: Measure[], second?: SecondColumn): string {
  const ratios = new Map(second?.measures.map((m) => [m.name, m.ratio]));
  const extra = second ? ` ratio on Node ${second.node} |` : "";
  const header = `| measure | unit | project | baseline | project / baseline | target | met |${extra}\n|---|---|---:|---:|---:|---|---|${second ? "---:|" : ""}`;
  const rows = measures.map(
    (m) =>
      `| ${m.name} | ${m.unit} | ${cell(m.project)} | ${cell(m.baseline)} | ${cell(m.ratio)} | ${m.target ?? ""} | ${m.met === undefined ? "" : m.met ? "yes" : "**no**"} |${second ? ` ${cell(ratios.get(m.name))} |` : ""}`,
  );
  return [header, ...rows].join("\n");
}

export function writeResults(path: string, machine: string, mode: string, measures: Measure[], second?: SecondColumn): void {
  writeFileSync(path, `${JSON.stringify({ machine, mode, measuredAt: new Date().toISOString(), measures, ...(second ? { onMachineNode: second } : {}) }, null, 2)}\n`);
}
