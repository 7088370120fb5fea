import type { MigrationInterface, QueryRunner } from "@bookstore/orm";
import { waitForJobs } from "../dsql/wait-for-jobs";

/**
 * review.book_id references book.id on DSQL too, as on PostgreSQL. On a
 * cluster that already has rows: added NOT VALID (new rows are checked at
 * once), then the existing rows validated by an asynchronous job, which
 * this waits for. ON DELETE CASCADE as on PostgreSQL: the book store
 * deletes a book's reviews in batches first, so that a cascade never
 * changes more rows than one DSQL transaction may.
 */
export class AddReviewBookForeignKeyDsql1796000000000 implements MigrationInterface {
  name = "AddReviewBookForeignKey1796000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "review" ADD CONSTRAINT "review_book_id_fkey" FOREIGN KEY ("book_id") REFERENCES "book" ("id") ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID`,
    );
    await waitForJobs(queryRunner, await queryRunner.query(`ALTER TABLE ASYNC "review" VALIDATE CONSTRAINT "review_book_id_fkey"`));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review" DROP CONSTRAINT "review_book_id_fkey"`);
  }
}
