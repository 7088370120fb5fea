import { Book, databaseDialect, ForbiddenError, InvalidReferenceError, NotFoundError, PreconditionFailedError, Review, type EntityManager } from "@bookstore/orm";
import { lockRow, read, write, writeInTransaction, type EntityInput } from "@bookstore/store-kit";

/** A review's own fields: what a client sets. */
export type NewReview = EntityInput<Review, "id" | "createdAt" | "book" | "toJSON">;

/** A test of a review's current state that a conditional deletion must pass (an If-Match). */
export type ReviewPrecondition = (current: Review) => boolean;

/** One review, while its book is shown (a book being deleted hides its reviews). */
function findShown(manager: EntityManager, id: number): Promise<Review | null> {
  return manager.createQueryBuilder(Review, "review").innerJoin("review.book", "book").where("review.id = :id", { id }).getOne();
}

const forbidden = () => new ForbiddenError("only its author or an editor may delete this review");

/**
 * Every read and write of reviews: one statement each, with no transaction
 * around it, except a review's creation on the dsql dialect (see create).
 */
export const reviewStore = {
  /** One review, while its book is shown (a book being deleted hides its reviews). */
  async find(id: number): Promise<Review> {
    const review = await read((manager) => findShown(manager, id));
    if (!review) throw new NotFoundError(`review ${id}`);
    return review;
  },

  /**
   * A page of a book's reviews after `afterId`, oldest first. The book LEFT
   * JOIN its reviews: an unknown book (no row) is told apart from a book
   * without reviews (one row, no review) in the same query.
   */
  async listForBook(bookId: number, afterId: number, limit: number): Promise<Review[]> {
    const book = await read((manager) =>
      manager
        .createQueryBuilder(Book, "book")
        .select("book.id")
        .leftJoinAndSelect("book.reviews", "review", "review.id > :afterId", { afterId })
        .where("book.id = :bookId", { bookId })
        .orderBy("review.id", "ASC")
        .limit(limit)
        .getOne(),
    );
    if (!book) throw new NotFoundError(`book ${bookId}`, "bookId");
    return book.reviews ?? [];
  },

  /**
   * INSERT … RETURNING *. The foreign key is the existence check: a review
   * of a missing book is refused by the database and nothing is written.
   * On dsql the insert also runs in a transaction that first locks the
   * book's row (DSQL counts it as a write), for what a foreign key cannot
   * see: a book being deleted in several steps is hidden, not gone, and
   * takes no new review; locking its row also makes the review and the
   * hiding conflict, so one of them is retried.
   */
  async create(values: NewReview): Promise<Review> {
    const insert = async (manager: EntityManager) => {
      const review = manager.create(Review, values);
      await manager.createQueryBuilder().insert().into(Review).values(review).returning("*").execute();
      return review;
    };
    const missingBook = () => new NotFoundError(`book ${values.bookId}`, "bookId");
    const created =
      databaseDialect() === "dsql"
        ? writeInTransaction(async (inTransaction) => {
            if (!(await lockRow(inTransaction, Book, values.bookId))) throw missingBook();
            return insert(inTransaction);
          })
        : write(insert);
    return created.catch((error: unknown) => {
      throw error instanceof InvalidReferenceError ? missingBook() : error;
    });
  },

  /**
   * Deletes a review; with `authorSubject`, only if that user wrote it. The
   * condition is part of the DELETE, so the check and the write are one
   * step; a review that was not deleted is then told apart as missing (404)
   * or someone else's (403). With a precondition, the review's row is
   * locked and its current state tested first, in the same transaction.
   */
  async remove(id: number, authorSubject?: string, precondition?: ReviewPrecondition): Promise<void> {
    if (precondition) return removeIf(id, authorSubject, precondition);
    const { affected } = await write((manager) => manager.delete(Review, authorSubject === undefined ? { id } : { id, authorSubject }));
    if (affected) return;
    if (authorSubject !== undefined && (await read((manager) => manager.existsBy(Review, { id })))) throw forbidden();
    throw new NotFoundError(`review ${id}`);
  },
};

function removeIf(id: number, authorSubject: string | undefined, precondition: ReviewPrecondition): Promise<void> {
  return writeInTransaction(async (inTransaction) => {
    const review = (await lockRow(inTransaction, Review, id)) ? await findShown(inTransaction, id) : null;
    if (!review) throw new NotFoundError(`review ${id}`);
    if (authorSubject !== undefined && review.authorSubject !== authorSubject) throw forbidden();
    if (!precondition(review)) throw new PreconditionFailedError(`review ${id}`);
    await inTransaction.delete(Review, { id });
  });
}
