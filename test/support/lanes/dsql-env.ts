import { closeDataSource } from "@bookstore/orm";
import { checkDsqlRules } from "../dsql-rule-check";
import { closeOwnerPool } from "../owner-database";
import { useLane } from "../test-lane";

useLane("dsql");
process.env.DB_DIALECT = "dsql";

/** What the API sent in this file that DSQL would refuse; a test that expects some takes them out. */
export const dsqlLaneCheck = checkDsqlRules();

afterEach(() => {
  expect(dsqlLaneCheck.violations.splice(0)).toEqual([]);
});
afterAll(async () => {
  dsqlLaneCheck.stop();
  await closeDataSource();
  await closeOwnerPool();
});
