import type { MigrationInterface, QueryRunner } from "@bookstore/orm";

/** The table, the same on PostgreSQL and DSQL. */
export const CREATE_IDEMPOTENCY_RECORD = `
      CREATE TABLE "idempotency_record" (
        "caller_subject" character varying(255) NOT NULL,
        "route" character varying(100) NOT NULL,
        "idempotency_key" character varying(255) NOT NULL,
        "fingerprint" character varying(64) NOT NULL,
        "response_status" smallint,
        "response_headers" text,
        "response_body" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("caller_subject", "route", "idempotency_key")
      )`;

/**
 * The answers kept for creates sent with an Idempotency-Key. Expand only:
 * a new table, which the previous release never reads or writes. Its index
 * is built in the same transaction: the table is empty and no one else can
 * see it until the commit.
 */
export class AddIdempotencyRecord1796000005000 implements MigrationInterface {
  name = "AddIdempotencyRecord1796000005000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE_IDEMPOTENCY_RECORD);
    await queryRunner.query(`CREATE INDEX "idempotency_record_expires_at_idx" ON "idempotency_record" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
  }
}
