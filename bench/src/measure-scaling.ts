import { bookListCursor } from "@bookstore/books-service/cursor";
import type { Invocation } from "@bookstore/local/invocation-event";
import { openBenchDatabaseOn, seedBooks, type BenchDatabase } from "./bench-database";
import { startContainer, type Container } from "./containers";
import { measure, type Measure } from "./measure";
import { median } from "./stats";
import { withDatabase, type Variant } from "./variants";

const PAGE = "20";
const PAGES = ["first", "deep"] as const;
const SIDES = ["project", "baseline"] as const;
/** Each size's requests are made in this many batches, the sizes taking turns. */
const ROUNDS = 5;
const WARM_UP = 300;

type Page = (typeof PAGES)[number];
type Side = (typeof SIDES)[number];

/** One size: a database of its own with a book table of that many rows, and a books container per side on it. */
interface SizedTable {
  size: number;
  books: number;
  db: BenchDatabase;
  containers: Record<Side, Container>;
  requests: Record<Page, Record<Side, Invocation>>;
  latencies: Record<Page, Record<Side, number[]>>;
}

async function sizedTable(serverUrl: string, worker: string, sides: Record<Side, Variant>, size: number): Promise<SizedTable> {
  const db = await openBenchDatabaseOn(serverUrl);
  const started: Container[] = [];
  const start = async (side: Side) => {
    const container = await startContainer(worker, withDatabase(sides[side], db.database.appUrl), "books");
    started.push(container);
    return container;
  };
  try {
    await seedBooks(db, size);
    const [{ max, books }] = (await db.owner<{ max: number; books: number }>("SELECT max(id) AS max, count(*)::int AS books FROM book")) as [{ max: number; books: number }];
    const afterId = max - 30;
    const page = (project: string, baseline: string): Record<Side, Invocation> => ({ project: { method: "GET", url: project }, baseline: { method: "GET", url: baseline } });
    return {
      size,
      books,
      db,
      containers: { project: await start("project"), baseline: await start("baseline") },
      requests: {
        first: page(`/book?limit=${PAGE}`, `/book?limit=${PAGE}`),
        deep: page(`/book?limit=${PAGE}&cursor=${bookListCursor({}, afterId)}`, `/book?limit=${PAGE}&after=${afterId}`),
      },
      latencies: { first: { project: [], baseline: [] }, deep: { project: [], baseline: [] } },
    };
  } catch (error) {
    await Promise.all(started.map((container) => container.stop()));
    await db.close();
    throw error;
  }
}

async function batch(table: SizedTable, page: Page, side: Side, invocations: number, keep: boolean): Promise<void> {
  const request = table.requests[page][side];
  const result = await table.containers[side].run([request], invocations);
  if (result.errors > 0) throw new Error(`${side} ${request.url} at ${table.size} books: ${result.firstError}`);
  if (keep) table.latencies[page][side].push(...result.latencies);
}

/**
 * The first page and a page near the end of a table of each size, and the
 * growth of the largest size's time over the smallest's. Each size is a
 * database of its own (seeded with generate_series), so that every size is
 * measured in the same minutes: the sizes take turns, a batch of requests
 * each per page and side in every round, and a time is the median of all
 * of its batches. Measured one size after the other, the growth moved with
 * whatever the machine was doing in between.
 */
export async function measureScaling(serverUrl: string, worker: string, sides: Record<Side, Variant>, sizes: number[], iterations: number): Promise<Measure[]> {
  const tables: SizedTable[] = [];
  try {
    for (const size of sizes) tables.push(await sizedTable(serverUrl, worker, sides, size));
    const perBatch = Math.max(1, Math.round(iterations / ROUNDS));
    /** One batch for every size, page and side, in turn. */
    const round = async (invocations: number, keep: boolean) => {
      for (const table of tables) for (const page of PAGES) for (const side of SIDES) await batch(table, page, side, invocations, keep);
    };
    await round(WARM_UP, false);
    for (let rounds = 0; rounds < ROUNDS; rounds++) await round(perBatch, true);
    const measures: Measure[] = [];
    const time = (table: SizedTable, page: Page, side: Side) => median(table.latencies[page][side]);
    for (const table of tables) {
      for (const page of PAGES) {
        const name = `scaling-${page}-page-${table.size.toExponential(0).replace("+", "")}`;
        measures.push(measure(name, "ms", time(table, page, "project"), time(table, page, "baseline"), undefined, `median of ${perBatch * ROUNDS} in ${ROUNDS} batches, ${table.books} books`));
      }
    }
    const [smallest, largest] = [tables[0], tables.at(-1)] as [SizedTable, SizedTable];
    for (const page of PAGES) {
      const growth = (side: Side) => time(largest, page, side) / time(smallest, page, side);
      measures.push(
        measure(`scaling-${page}-page-growth`, "x", growth("project"), growth("baseline"), { on: "project", atMost: 1.2 }, `time at ${largest.size} books / time at ${smallest.size}, measured in turns`),
      );
    }
    return measures;
  } finally {
    for (const table of tables) {
      await Promise.all(SIDES.map((side) => table.containers[side].stop()));
      await table.db.close();
    }
  }
}
