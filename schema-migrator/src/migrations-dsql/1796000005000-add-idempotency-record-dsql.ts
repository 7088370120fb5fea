import type { MigrationInterface, QueryRunner } from "@bookstore/orm";
import { CREATE_IDEMPOTENCY_RECORD } from "../migrations/1796000005000-add-idempotency-record";

/** The same table on DSQL: its index built asynchronously, each DDL statement on its own. */
export class AddIdempotencyRecordDsql1796000005000 implements MigrationInterface {
  name = "AddIdempotencyRecord1796000005000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE_IDEMPOTENCY_RECORD);
    await queryRunner.query(`CREATE INDEX ASYNC "idempotency_record_expires_at_idx" ON "idempotency_record" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
  }
}
