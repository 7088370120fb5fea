import { dataApiEnvironment } from "@bookstore/local";
import { closeDataSource } from "@bookstore/orm";
import { closeOwnerPool } from "../owner-database";
import { laneVariable, useLane } from "../test-lane";

useLane("data-api");
Object.assign(process.env, { TEST_DATA_API: "1" }, dataApiEnvironment(process.env[laneVariable("data-api", "DATA_API_URL")] as string, process.env.DATABASE_URL as string));
afterAll(async () => {
  await closeDataSource();
  await closeOwnerPool();
});
