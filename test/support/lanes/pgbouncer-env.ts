import { closeDataSource } from "@bookstore/orm";
import { closeOwnerPool } from "../owner-database";
import { laneVariable, useLane } from "../test-lane";

useLane("pgbouncer");
process.env.TEST_POOLER_PORT = process.env[laneVariable("pgbouncer", "POOLER_PORT")];
afterAll(async () => {
  await closeDataSource();
  await closeOwnerPool();
});
