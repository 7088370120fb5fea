import type { QueryRunner } from "@bookstore/orm";

/**
 * Waits for the asynchronous jobs a DSQL statement started (CREATE INDEX
 * ASYNC, ALTER TABLE ASYNC … VALIDATE CONSTRAINT answer with their
 * `job_id`) and fails when one of them failed. Where the statement ran at
 * once (the local DSQL-shaped database) it answered no job: nothing to wait.
 */
export async function waitForJobs(runner: QueryRunner, answer: unknown): Promise<void> {
  const jobs = (Array.isArray(answer) ? answer : []).map((row: { job_id?: unknown }) => row?.job_id).filter((job) => typeof job === "string");
  for (const job of jobs) {
    const [result] = (await runner.query("SELECT sys.wait_for_job($1) AS succeeded", [job])) as Array<{ succeeded: boolean }>;
    if (!result?.succeeded) throw new Error(`DSQL job ${job} failed; SELECT * FROM sys.jobs WHERE job_id = '${job}' says why`);
  }
}
