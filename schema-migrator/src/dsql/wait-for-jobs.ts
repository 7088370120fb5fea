import type { QueryRunner } from "@bookstore/orm";
import { reportWaiting } from "../waiting-report";

const POLL_MS = 2_000;

/**
 * Waits for the asynchronous jobs a DSQL statement started (CREATE INDEX
 * ASYNC, ALTER TABLE ASYNC … VALIDATE CONSTRAINT answer with their
 * `job_id`), reporting each job's state as it changes (sys.jobs: submitted,
 * processing, completed, failed), and fails when one of them failed. Where
 * the statement ran at once (the local DSQL-shaped database) it answered no
 * job: nothing to wait for.
 */
export async function waitForJobs(runner: QueryRunner, answer: unknown): Promise<void> {
  const jobs = (Array.isArray(answer) ? answer : []).map((row: { job_id?: unknown }) => row?.job_id).filter((job): job is string => typeof job === "string");
  for (const job of jobs) {
    let last = "";
    for (;;) {
      const [row] = (await runner.query("SELECT status, details FROM sys.jobs WHERE job_id = $1", [job])) as Array<{ status: string; details: string | null }>;
      const status = String(row?.status ?? "unknown").toLowerCase();
      if (status !== last) reportWaiting(`DSQL job ${job}: ${status}`);
      last = status;
      if (status === "completed") break;
      if (status === "failed" || status === "cancelled") throw new Error(`DSQL job ${job} ${status}: ${row?.details ?? "SELECT * FROM sys.jobs says why"}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
