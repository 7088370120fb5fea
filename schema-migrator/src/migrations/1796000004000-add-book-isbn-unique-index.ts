import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

/**
 * ISBNs unique among the books that have one, built CONCURRENTLY: the
 * book table keeps taking writes while the index is built. That cannot
 * run inside a transaction, so this migration runs alone, outside one; an
 * interrupted build leaves an INVALID index, which the migrator drops
 * before building it again.
 */
export class AddBookIsbnUniqueIndex1796000004000 implements MigrationInterface {
  name = "AddBookIsbnUniqueIndex1796000004000";
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX CONCURRENTLY "book_isbn_key" ON "book" ("isbn")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX CONCURRENTLY "book_isbn_key"`);
  }
}
