import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from "typeorm";
import type { Book } from "./book";
import { apiJsonOf, HiddenFromApi } from "./api-fields";
import { REVIEW_LIMITS } from "./column-limits";

@Entity({ name: "review" })
@Check("review_rate_range", `"rate" BETWEEN ${REVIEW_LIMITS.rateMin} AND ${REVIEW_LIMITS.rateMax}`)
// (book_id, id) serves the foreign key and the keyset pagination of a book's reviews.
@Index("review_book_id_idx", ["bookId", "id"])
export class Review {
  @PrimaryGeneratedColumn("identity", {
    type: "integer",
    generatedIdentity: "BY DEFAULT",
    primaryKeyConstraintName: "review_pkey",
  })
  id!: number;

  @Column({ name: "book_id", type: "integer" })
  bookId!: number;

  @ManyToOne("Book", "reviews", { onDelete: "CASCADE", nullable: false })
  @JoinColumn({ name: "book_id", foreignKeyConstraintName: "review_book_id_fkey" })
  book?: Book;

  @Column({ type: "varchar", length: 100 })
  reviewer!: string;

  @Column({ type: "smallint" })
  rate!: number;

  @Column({ type: "varchar", length: 500, nullable: true })
  review!: string | null;

  /**
   * The subject (`sub`) of the user who wrote it, as the authorizer
   * verified; null on reviews written before sign-in existed, which only
   * editors may delete.
   */
  @Column({ name: "author_subject", type: "varchar", length: 255, nullable: true })
  @HiddenFromApi()
  authorSubject!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  /** What the API shows of a review: its columns, never the book it belongs to. */
  toJSON() {
    return apiJsonOf(this);
  }
}
