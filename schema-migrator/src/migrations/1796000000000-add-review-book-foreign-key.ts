import type { MigrationInterface } from "@bookstore/orm";

/**
 * The PostgreSQL schema has had review_book_id_fkey since its first
 * migration; this step exists so both histories name the same steps (it
 * adds the key on DSQL, which enforces foreign keys since 2026-08-26).
 */
export class AddReviewBookForeignKey1796000000000 implements MigrationInterface {
  name = "AddReviewBookForeignKey1796000000000";

  async up(): Promise<void> {}

  async down(): Promise<void> {}
}
