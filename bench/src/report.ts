import { writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import type { Measure } from "./measure";

export function describeMachine(serverVersion: string): string {
  const processors = cpus();
  return [
    `${processors.length} × ${processors[0]?.model.trim() ?? "unknown CPU"}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
    `${process.platform} ${release()}`,
    `Node.js ${process.versions.node}`,
    `PostgreSQL ${serverVersion}`,
  ].join(", ");
}

const cell = (value: number | null | undefined) => (value === null || value === undefined ? "—" : String(value));

/** The results as a Markdown table: what the README's Performance section shows. */
export function formatTable(measures: Measure[]): string {
  const header = "| measure | unit | project | baseline | project / baseline | target | met |\n|---|---|---:|---:|---:|---|---|";
  const rows = measures.map(
    (m) => `| ${m.name} | ${m.unit} | ${cell(m.project)} | ${cell(m.baseline)} | ${cell(m.ratio)} | ${m.target ?? ""} | ${m.met === undefined ? "" : m.met ? "yes" : "**no**"} |`,
  );
  return [header, ...rows].join("\n");
}

export function writeResults(path: string, machine: string, mode: string, measures: Measure[]): void {
  writeFileSync(path, `${JSON.stringify({ machine, mode, measuredAt: new Date().toISOString(), measures }, null, 2)}\n`);
}
