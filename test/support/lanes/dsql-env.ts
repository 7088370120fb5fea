import { closeDataSource } from "@bookstore/orm";
import { closeOwnerPool } from "../owner-database";
import { useLane } from "../test-lane";

useLane("dsql");
process.env.DB_DIALECT = "dsql";
afterAll(async () => {
  await closeDataSource();
  await closeOwnerPool();
});
