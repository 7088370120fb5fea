/**
 * Where the migrator tells how a long step is going (an index build's
 * phase and blocks, a DSQL job's state): the CLI prints it, the function
 * logs it. Module-level because the migrations that wait are plain
 * MigrationInterface classes, with only a query runner in hand.
 */
let sink: (detail: string) => void = () => undefined;

export function reportWaiting(detail: string): void {
  sink(detail);
}

/** Sends waiting reports to `report` while `work` runs. */
export async function withWaitingReports<T>(report: ((detail: string) => void) | undefined, work: () => Promise<T>): Promise<T> {
  const previous = sink;
  sink = report ?? (() => undefined);
  try {
    return await work();
  } finally {
    sink = previous;
  }
}
