import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

/**
 * Who wrote a review: the subject of the verified user. Expand only: a
 * nullable column without a default changes no row; reviews written
 * before it (and by the previous release during the rollout) have none.
 * The same statements on DSQL.
 */
export class AddReviewAuthorSubject1796000002000 implements MigrationInterface {
  name = "AddReviewAuthorSubject1796000002000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review" ADD "author_subject" character varying(255)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "review" DROP COLUMN "author_subject"`);
  }
}
