import { round } from "./stats";

/** One line of the results: the project, the baseline measured in the same run, and their ratio. */
export interface Measure {
  name: string;
  unit: string;
  project: number | null;
  baseline: number | null;
  ratio: number | null;
  /** The goal, e.g. "ratio <= 1.5" or "project <= 102400". */
  target?: string;
  met?: boolean;
  note?: string;
}

type Goal = { on: "ratio" | "project"; atMost: number };

export function measure(name: string, unit: string, project: number | null, baseline: number | null, goal?: Goal, note?: string): Measure {
  const ratio = project !== null && baseline !== null && baseline > 0 ? round(project / baseline) : null;
  const result: Measure = {
    name,
    unit,
    project: project === null ? null : round(project),
    baseline: baseline === null ? null : round(baseline),
    ratio,
  };
  if (goal) {
    const value = goal.on === "ratio" ? ratio : project;
    result.target = `${goal.on} <= ${goal.atMost}`;
    result.met = value !== null && value <= goal.atMost;
  }
  if (note) result.note = note;
  return result;
}
