import type { MigrationInterface, QueryRunner } from "@bookstore/orm";
import { waitForJobs } from "../dsql/wait-for-jobs";

/** The ISBN's unique index, built by an asynchronous DSQL job that this waits for, reporting its state. */
export class AddBookIsbnUniqueIndexDsql1796000004000 implements MigrationInterface {
  name = "AddBookIsbnUniqueIndex1796000004000";
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    await waitForJobs(queryRunner, await queryRunner.query(`CREATE UNIQUE INDEX ASYNC "book_isbn_key" ON "book" ("isbn")`));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "book_isbn_key"`);
  }
}
