import { Book, databaseDialect, In, IsNull, MoreThan, NotFoundError, PreconditionFailedError, Review, type EntityManager, type FindOptionsWhere } from "@bookstore/orm";
import { lockRow, read, write, writeInTransaction, type EntityInput } from "@bookstore/store-kit";

// DSQL lets one transaction change 3,000 rows; the last batch also deletes the book, and what it cascades to.
const REVIEWS_PER_TRANSACTION = 2_500;

/** A book's own fields: what a client sets. */
export type NewBook = EntityInput<Book, "id" | "createdAt" | "updatedAt" | "deletedAt" | "reviews" | "toJSON">;
export type BookChanges = Partial<NewBook>;
/** Equality on any of a book's own fields. */
export type BookFilters = Partial<NewBook>;

export interface RatedBook {
  book: Book;
  reviewCount: number;
  /** Rounded to two decimals; null without reviews. */
  averageRate: number | null;
}

/** A test of a book's current state that a conditional write must pass (an If-Match). */
export type BookPrecondition = (current: RatedBook) => boolean;

/** Conditions for the filters that are set (TypeORM rejects undefined ones). */
function whereFilters(filters: BookFilters): FindOptionsWhere<Book> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/** One book with the count and average of its reviews, in the same query. */
async function ratedBookIn(manager: EntityManager, id: number): Promise<RatedBook> {
  const { entities, raw } = await manager
    .createQueryBuilder(Book, "book")
    .leftJoin("book.reviews", "review")
    .addSelect("COUNT(review.id)::int", "reviewCount")
    .addSelect("ROUND(AVG(review.rate), 2)::float8", "averageRate")
    .where("book.id = :id", { id })
    .groupBy("book.id")
    .getRawAndEntities<{ reviewCount: number; averageRate: number | null }>();
  const [book] = entities;
  const [rating] = raw;
  if (!book || !rating) throw new NotFoundError(`book ${id}`);
  return { book, reviewCount: rating.reviewCount, averageRate: rating.averageRate };
}

/** UPDATE … RETURNING * of a shown book; NotFoundError when there is none. */
async function updateIn(manager: EntityManager, id: number, changes: BookChanges): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(Book)
    .set(changes)
    .whereEntity(manager.create(Book, { id }))
    .andWhere({ deletedAt: IsNull() })
    .returning("*")
    .execute();
  // `affected` is not reported by every driver (the Data API's returns rows instead).
  const updated = result.affected ?? (Array.isArray(result.raw) ? result.raw.length : 0);
  if (!updated) throw new NotFoundError(`book ${id}`);
}

/** Locks the book's row (inside the caller's transaction) and tests its current state. */
async function checkPrecondition(manager: EntityManager, id: number, precondition: BookPrecondition): Promise<void> {
  if (!(await lockRow(manager, Book, id))) throw new NotFoundError(`book ${id}`);
  if (!precondition(await ratedBookIn(manager, id))) throw new PreconditionFailedError(`book ${id}`);
}

/**
 * Every read and write of books: one statement each, with no transaction
 * around it (a single statement is atomic on its own, and BEGIN/COMMIT would
 * be two more round trips), except an update (which answers with the book
 * as it is after), a conditional write, and a deletion on the dsql dialect
 * (see remove). Reads leave out a book being deleted (TypeORM's delete date).
 */
export const bookStore = {
  /** Books after `afterId`, oldest first; every filter has an (column, id) index. */
  list(filters: BookFilters, afterId: number, limit: number): Promise<Book[]> {
    return read((manager) =>
      manager.find(Book, {
        where: { ...whereFilters(filters), id: MoreThan(afterId) },
        order: { id: "ASC" },
        take: limit,
      }),
    );
  },

  /** One book with the count and average of its reviews, in the same query. */
  findRated(id: number): Promise<RatedBook> {
    return read((manager) => ratedBookIn(manager, id));
  },

  /** INSERT … RETURNING *: the entity comes back with its id and timestamps. */
  async create(values: NewBook): Promise<Book> {
    return write(async (manager) => {
      const book = manager.create(Book, values);
      await manager.createQueryBuilder().insert().into(Book).values(book).returning("*").execute();
      return book;
    });
  },

  /**
   * Changes the fields given (the others keep their values) and returns the
   * book as it is then, with its rating: UPDATE … RETURNING *, then the
   * rated read. With a precondition both run in one transaction after the
   * book's row is locked (a review's insert waits for it too) and the
   * precondition tested on its current state: the test and the change are
   * one step, so of concurrent writers that read the same state one changes
   * it and the others fail the test.
   */
  async update(id: number, changes: BookChanges, precondition?: BookPrecondition): Promise<RatedBook> {
    if (!precondition) {
      await write((manager) => updateIn(manager, id, changes));
      return read((manager) => ratedBookIn(manager, id));
    }
    return writeInTransaction(async (inTransaction) => {
      await checkPrecondition(inTransaction, id, precondition);
      await updateIn(inTransaction, id, changes);
      return ratedBookIn(inTransaction, id);
    });
  },

  /**
   * The book and its reviews: one DELETE, whose foreign key cascades. On
   * dsql, where one transaction may change at most 3,000 rows, a book with
   * more reviews than that cannot go in one step, so (the row limit's work,
   * not the foreign key's):
   * 1. the book is hidden (its delete date set): from then on every read
   *    leaves it out, and a new review of it is refused (404);
   * 2. its reviews are deleted in transactions of 2,500;
   * 3. the book goes with the last few, which the foreign key cascades.
   * A DELETE of a book already hidden finishes the job. No review ever
   * outlives its book: the foreign key sees to that.
   */
  async remove(id: number, precondition?: BookPrecondition): Promise<void> {
    if (databaseDialect() !== "dsql") {
      const { affected } = precondition
        ? await writeInTransaction(async (inTransaction) => {
            await checkPrecondition(inTransaction, id, precondition);
            return inTransaction.delete(Book, { id });
          })
        : await write((manager) => manager.delete(Book, { id }));
      if (!affected) throw new NotFoundError(`book ${id}`);
      return;
    }
    const hidden = await writeInTransaction(async (inTransaction) => {
      // A book already being deleted has no representation left to match.
      if (precondition) await checkPrecondition(inTransaction, id, precondition);
      const { affected } = await inTransaction.softDelete(Book, { id });
      return Boolean(affected) || inTransaction.exists(Book, { where: { id }, withDeleted: true });
    });
    if (!hidden) throw new NotFoundError(`book ${id}`);
    const deleteSome = async (inTransaction: EntityManager) => {
      const reviews = await inTransaction.find(Review, { select: { id: true }, where: { bookId: id }, take: REVIEWS_PER_TRANSACTION });
      if (reviews.length < REVIEWS_PER_TRANSACTION) {
        await inTransaction.delete(Book, { id });
        return true;
      }
      await inTransaction.delete(Review, { id: In(reviews.map((review) => review.id)) });
      return false;
    };
    while (!(await writeInTransaction(deleteSome)));
  },
};
