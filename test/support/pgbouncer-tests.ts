/**
 * Whether this run has PgBouncer (jest.config.js looks for it and marks
 * its absence). Tests that need it are declared with these, so that where
 * it is missing they show as skipped rather than failing or passing.
 */
export const pgbouncerAvailable = process.env.BOOKSTORE_TEST_PGBOUNCER !== "missing";

export const describeWithPgBouncer: jest.Describe = pgbouncerAvailable ? describe : describe.skip;
