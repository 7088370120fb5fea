import {
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import { apiJsonOf } from "./api-fields";
import { BOOK_LIMITS } from "./column-limits";
import type { Review } from "./review";

// Every column names its database type: bundles built with esbuild carry no
// decorator metadata for TypeORM to infer types from.
@Entity({ name: "book" })
@Check("book_year_range", `"year" BETWEEN ${BOOK_LIMITS.yearMin} AND ${BOOK_LIMITS.yearMax}`)
@Index("book_author_id_idx", ["author", "id"])
@Index("book_publisher_id_idx", ["publisher", "id"])
@Index("book_year_id_idx", ["year", "id"])
@Index("book_isbn_key", ["isbn"], { unique: true })
export class Book {
  @PrimaryGeneratedColumn("identity", {
    type: "integer",
    generatedIdentity: "BY DEFAULT",
    primaryKeyConstraintName: "book_pkey",
  })
  id!: number;

  @Column({ type: "varchar", length: 200 })
  title!: string;

  @Column({ type: "varchar", length: 100 })
  author!: string;

  @Column({ type: "varchar", length: 100 })
  publisher!: string;

  @Column({ type: "integer" })
  year!: number;

  /** The ISBN-13's digits (an ISBN-10 is stored as its ISBN-13); unique among books that have one. */
  @Column({ type: "varchar", length: 13, nullable: true })
  isbn!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;

  /**
   * Set while a deletion too large for one DSQL transaction is under way:
   * TypeORM's reads leave the book out from then on. Never shown.
   */
  @DeleteDateColumn({ name: "deleted_at", type: "timestamptz", nullable: true })
  deletedAt!: Date | null;

  @OneToMany("Review", "book")
  reviews?: Review[];

  /** What the API shows of a book: its columns, never its relations. */
  toJSON() {
    return apiJsonOf(this);
  }
}
