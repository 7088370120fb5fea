import { NotFoundError } from "@bookstore/app-errors";
import { Book, MoreThan, type FindOptionsWhere } from "@bookstore/orm";
import { read, write } from "@bookstore/store-kit";

export type NewBook = Pick<Book, "title" | "author" | "publisher" | "year">;
export type BookChanges = Partial<NewBook>;
export type BookFilters = Partial<Pick<Book, "author" | "publisher" | "year">>;

export interface RatedBook {
  book: Book;
  reviewCount: number;
  /** Rounded to two decimals; null without reviews. */
  averageRate: number | null;
}

/** Conditions for the filters that are set (TypeORM rejects undefined ones). */
function whereFilters(filters: BookFilters): FindOptionsWhere<Book> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/**
 * Every read and write of books. Each method is one statement, with no
 * transaction around it: a single statement is atomic on its own, and
 * BEGIN/COMMIT would be two more round trips.
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
  async findRated(id: number): Promise<RatedBook> {
    const { entities, raw } = await read((manager) =>
      manager
        .createQueryBuilder(Book, "book")
        .leftJoin("book.reviews", "review")
        .addSelect("COUNT(review.id)::int", "reviewCount")
        .addSelect("ROUND(AVG(review.rate), 2)::float8", "averageRate")
        .where("book.id = :id", { id })
        .groupBy("book.id")
        .getRawAndEntities<{ reviewCount: number; averageRate: number | null }>(),
    );
    const [book] = entities;
    const [rating] = raw;
    if (!book || !rating) throw new NotFoundError(`book ${id}`);
    return { book, reviewCount: rating.reviewCount, averageRate: rating.averageRate };
  },

  /** INSERT … RETURNING *: the entity comes back with its id and timestamps. */
  async create(values: NewBook): Promise<Book> {
    return write(async (manager) => {
      const book = manager.create(Book, values);
      await manager.createQueryBuilder().insert().into(Book).values(book).returning("*").execute();
      return book;
    });
  },

  /** UPDATE … RETURNING *: fields not given keep their values; the whole row comes back. */
  async update(id: number, changes: BookChanges): Promise<Book> {
    return write(async (manager) => {
      const book = manager.create(Book, { id });
      const result = await manager.createQueryBuilder().update(Book).set(changes).whereEntity(book).returning("*").execute();
      // `affected` is not reported by every driver (the Data API's returns rows instead).
      const updated = result.affected ?? (Array.isArray(result.raw) ? result.raw.length : 0);
      if (!updated) throw new NotFoundError(`book ${id}`);
      return book;
    });
  },

  /** The foreign key cascades to the book's reviews. */
  async remove(id: number): Promise<void> {
    const { affected } = await write((manager) => manager.delete(Book, { id }));
    if (!affected) throw new NotFoundError(`book ${id}`);
  },
};
