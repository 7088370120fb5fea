import { closeDataSource } from "@bookstore/orm";
import { closeOwnerPool } from "../owner-database";
import { useLane } from "../test-lane";

useLane("direct");
afterAll(async () => {
  await closeDataSource();
  await closeOwnerPool();
});
