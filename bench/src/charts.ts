import { percentile, round } from "./stats";

/** One route's warm latencies, both sides. */
export interface LatencyDistribution {
  route: string;
  project: readonly number[];
  baseline: readonly number[];
}

/** The medians of one side's cold starts, split into their parts. */
export interface ColdSplit {
  side: string;
  moduleLoadMs: number;
  firstInvocationMs: number;
  totalMs: number;
}

const COLORS = { project: "#1f6feb", baseline: "#8b949e" } as const;
const FAMILY = 'font-family="system-ui, sans-serif"';
const FONT = `${FAMILY} font-size="12"`;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="20" ${FAMILY} font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** Ticks at round steps over [0, max]. */
function ticks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? raw;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, index) => round(index * step, 3));
}

/**
 * Each route's latency distribution as box plots, project beside baseline:
 * the box spans p25–p75 with a line at p50, the whiskers p5–p99, the dot
 * p99.9. One shared millisecond axis.
 */
export function latencyChart(distributions: readonly LatencyDistribution[], title: string): string {
  const left = 200;
  const width = 760;
  const plot = width - left - 30;
  const rowHeight = 22;
  const groupGap = 14;
  const top = 44;
  const all = distributions.flatMap((d) => [d.project, d.baseline]).filter((values) => values.length > 0);
  // The axis ends past the largest p99; a p99.9 beyond it is drawn at the edge with its value.
  const max = Math.max(...all.map((values) => percentile(values, 99))) * 1.15;
  const x = (ms: number) => left + (Math.min(ms, max) / max) * plot;
  const body: string[] = [];
  let y = top;
  for (const distribution of distributions) {
    body.push(`<text x="12" y="${y + 12}" ${FONT} font-weight="bold">${escape(distribution.route)}</text>`);
    y += 16;
    for (const side of ["project", "baseline"] as const) {
      const values = distribution[side];
      if (values.length === 0) continue;
      const [p5, p25, p50, p75, p99, p999] = [5, 25, 50, 75, 99, 99.9].map((p) => percentile(values, p)) as [number, number, number, number, number, number];
      const middle = y + rowHeight / 2;
      const color = COLORS[side];
      body.push(
        `<line x1="${x(p5)}" y1="${middle}" x2="${x(p99)}" y2="${middle}" stroke="${color}"/>`,
        `<rect x="${x(p25)}" y="${y + 4}" width="${Math.max(1, x(p75) - x(p25))}" height="${rowHeight - 8}" fill="${color}" fill-opacity="0.35" stroke="${color}"/>`,
        `<line x1="${x(p50)}" y1="${y + 2}" x2="${x(p50)}" y2="${y + rowHeight - 2}" stroke="${color}" stroke-width="2"/>`,
        `<circle cx="${x(p999)}" cy="${middle}" r="2.5" fill="${color}"/>`,
        ...(p999 > max ? [`<text x="${x(p999) - 6}" y="${middle - 5}" ${FAMILY} font-size="10" text-anchor="end" fill="${color}">p99.9 ${round(p999, 1)} ms</text>`] : []),
        `<text x="${left - 8}" y="${middle + 4}" ${FONT} text-anchor="end" fill="${color}">${side} ${round(p50)} ms</text>`,
      );
      y += rowHeight;
    }
    y += groupGap;
  }
  for (const tick of ticks(max)) {
    body.push(`<line x1="${x(tick)}" y1="${top - 4}" x2="${x(tick)}" y2="${y}" stroke="#d0d7de" stroke-dasharray="2,3"/>`);
    body.push(`<text x="${x(tick)}" y="${y + 14}" ${FONT} text-anchor="middle">${tick}</text>`);
  }
  body.push(`<text x="${left + plot / 2}" y="${y + 32}" ${FONT} text-anchor="middle">ms per invocation: box p25–p75, line p50, whiskers p5–p99, dot p99.9</text>`);
  return svg(width, y + 44, title, body);
}

/** Cold start of each side as one bar: module load, first invocation, and the rest of process start to response. */
export function coldStartChart(splits: readonly ColdSplit[], title: string): string {
  const left = 120;
  const width = 760;
  // Room on the right for the total's label.
  const plot = width - left - 90;
  const top = 44;
  const barHeight = 26;
  const max = Math.max(...splits.map((split) => split.totalMs)) * 1.05;
  const x = (ms: number) => left + (ms / max) * plot;
  const parts = [
    { key: "moduleLoadMs", label: "module load", color: "#1f6feb" },
    { key: "firstInvocationMs", label: "first invocation", color: "#f0883e" },
  ] as const;
  const body: string[] = [];
  splits.forEach((split, index) => {
    const y = top + index * (barHeight + 12);
    let start = 0;
    body.push(`<text x="12" y="${y + barHeight / 2 + 4}" ${FONT}>${escape(split.side)}</text>`);
    for (const part of parts) {
      const value = split[part.key];
      body.push(`<rect x="${x(start)}" y="${y}" width="${x(start + value) - x(start)}" height="${barHeight}" fill="${part.color}"/>`);
      start += value;
    }
    body.push(`<rect x="${x(start)}" y="${y}" width="${Math.max(0, x(split.totalMs) - x(start))}" height="${barHeight}" fill="#d0d7de"/>`);
    body.push(`<text x="${x(split.totalMs) + 4}" y="${y + barHeight / 2 + 4}" ${FONT}>${round(split.totalMs)} ms</text>`);
  });
  const legendY = top + splits.length * (barHeight + 12) + 10;
  [...parts, { label: "process start and the rest", color: "#d0d7de" }].forEach((part, index) => {
    const lx = left + index * 200;
    body.push(`<rect x="${lx}" y="${legendY}" width="12" height="12" fill="${part.color}"/>`);
    body.push(`<text x="${lx + 18}" y="${legendY + 11}" ${FONT}>${part.label}</text>`);
  });
  return svg(width, legendY + 30, title, body);
}
