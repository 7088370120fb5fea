import { bookListCursor } from "@bookstore/books-service/cursor";
import type { Invocation } from "@bookstore/local/invocation-event";
import { seedBooks, type BenchDatabase } from "./bench-database";
import type { ContainerPair } from "./measure-warm";
import { measure, type Measure } from "./measure";
import { median } from "./stats";

const PAGE = "20";

async function pageTime(containers: ContainerPair, side: "project" | "baseline", request: Invocation, iterations: number): Promise<number> {
  const container = containers[side].books;
  await container.run([request], 20);
  const result = await container.run([request], iterations);
  if (result.errors > 0) throw new Error(`${side} ${request.url}: ${result.firstError}`);
  return median(result.latencies);
}

/**
 * The first page and a page near the end of the table, as the table grows
 * to each size (seeded with generate_series): the growth of the largest
 * size's time over the smallest's.
 */
export async function measureScaling(db: BenchDatabase, containers: ContainerPair, sizes: number[], iterations: number): Promise<Measure[]> {
  const times: Record<string, Record<"project" | "baseline", number[]>> = {
    first: { project: [], baseline: [] },
    deep: { project: [], baseline: [] },
  };
  const measures: Measure[] = [];
  for (const size of sizes) {
    await seedBooks(db, size);
    const [{ max }] = (await db.owner<{ max: number }>("SELECT max(id) AS max FROM book")) as [{ max: number }];
    const afterId = max - 30;
    const requests: Record<string, Record<"project" | "baseline", Invocation>> = {
      first: {
        project: { method: "GET", url: `/book?limit=${PAGE}` },
        baseline: { method: "GET", url: `/book?limit=${PAGE}` },
      },
      deep: {
        project: { method: "GET", url: `/book?limit=${PAGE}&cursor=${bookListCursor({}, afterId)}` },
        baseline: { method: "GET", url: `/book?limit=${PAGE}&after=${afterId}` },
      },
    };
    for (const page of ["first", "deep"] as const) {
      const project = await pageTime(containers, "project", requests[page]!.project, iterations);
      const baseline = await pageTime(containers, "baseline", requests[page]!.baseline, iterations);
      times[page]!.project.push(project);
      times[page]!.baseline.push(baseline);
      measures.push(measure(`scaling-${page}-page-${size.toExponential(0).replace("+", "")}`, "ms", project, baseline, undefined, `median of ${iterations}, ${max} books`));
    }
  }
  for (const page of ["first", "deep"] as const) {
    const growth = (side: "project" | "baseline") => (times[page]![side].at(-1) as number) / (times[page]![side][0] as number);
    measures.push(
      measure(`scaling-${page}-page-growth`, "x", growth("project"), growth("baseline"), { on: "project", atMost: 1.2 }, `time at ${sizes.at(-1)} books / time at ${sizes[0]}`),
    );
  }
  return measures;
}
