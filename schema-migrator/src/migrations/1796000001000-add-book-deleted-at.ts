import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

/**
 * A book hidden while its deletion is under way (DSQL deletes a much
 * reviewed book in several transactions). Expand only: a nullable column
 * without a default changes no row, and the previous release, which knows
 * nothing of it, keeps working. The same statements on DSQL.
 */
export class AddBookDeletedAt1796000001000 implements MigrationInterface {
  name = "AddBookDeletedAt1796000001000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "book" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "book" DROP COLUMN "deleted_at"`);
  }
}
