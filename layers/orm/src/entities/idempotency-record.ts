import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * The answer to a create sent with an Idempotency-Key, kept so that a retry
 * of the same request gets it again instead of creating a second resource.
 * Written in the same transaction as what the request created: the row is
 * claimed first (a twin request with the same key waits on it, or fails),
 * the answer filled in before the commit. A key belongs to one caller and
 * one route. Removed once expired, in small batches.
 */
@Entity({ name: "idempotency_record" })
@Index("idempotency_record_expires_at_idx", ["expiresAt"])
export class IdempotencyRecord {
  /** The verified subject of the caller who sent the key. */
  @PrimaryColumn({ name: "caller_subject", type: "varchar", length: 255, primaryKeyConstraintName: "idempotency_record_pkey" })
  callerSubject!: string;

  /** The resource path the key was used on (`/book`). */
  @PrimaryColumn({ type: "varchar", length: 100, primaryKeyConstraintName: "idempotency_record_pkey" })
  route!: string;

  @PrimaryColumn({ name: "idempotency_key", type: "varchar", length: 255, primaryKeyConstraintName: "idempotency_record_pkey" })
  idempotencyKey!: string;

  /** SHA-256 of the method, path and canonical body: a reuse of the key for another request is told apart. */
  @Column({ type: "varchar", length: 64 })
  fingerprint!: string;

  /** The answer: null until the request that claimed the key has one (never seen committed so). */
  @Column({ name: "response_status", type: "smallint", nullable: true })
  responseStatus!: number | null;

  /** The answer's headers that matter to a retry (Location, Content-Type), as JSON. */
  @Column({ name: "response_headers", type: "text", nullable: true })
  responseHeaders!: string | null;

  @Column({ name: "response_body", type: "text", nullable: true })
  responseBody!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  /** From then on the key is free again: a request with it is a new request. */
  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt!: Date;
}
