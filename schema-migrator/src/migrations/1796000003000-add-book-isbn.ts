import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

/**
 * An optional ISBN on books. Expand only: a nullable column without a
 * default changes no row, and the previous release, which never names it,
 * keeps working. Its unique index comes in the next migration, built
 * without blocking writes. The same statements on DSQL.
 */
export class AddBookIsbn1796000003000 implements MigrationInterface {
  name = "AddBookIsbn1796000003000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "book" ADD "isbn" character varying(13)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "book" DROP COLUMN "isbn"`);
  }
}
