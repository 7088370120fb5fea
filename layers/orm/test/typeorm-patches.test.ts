import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataSource, IsNull, MoreThan } from "typeorm";
import { QueryBuilder } from "typeorm/query-builder/QueryBuilder.js";
import { Book, ENTITIES, Review } from "../src";

// patches/typeorm+<version>.patch, applied by patch-package on npm install.
const PROJECT_ROOT = join(__dirname, "..", "..", "..");
const unpatchedReplacePropertyNames = require("./typeorm-patches/replace-property-names-1.1.1.js") as (statement: string) => string;

type Replacer = { replacePropertyNamesForTheWholeQuery(statement: string): string };

describe("the TypeORM patch: property-name replacement tables and patterns built once", () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    // Metadata only: nothing connects.
    dataSource = new DataSource({ type: "postgres", entities: ENTITIES });
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  });

  test("is applied to the installed TypeORM (npm install runs patch-package)", () => {
    const installed = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "query-builder", "QueryBuilder.js"), "utf8");
    expect(installed).toContain("function propertyReplacementsOf(metadata)");
    expect(installed).toContain("function propertyNamePattern(replaceAliasNamePrefixes)");
    const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "package.json"), "utf8")) as { version: string }).version;
    expect(readFileSync(join(PROJECT_ROOT, "patches", `typeorm+${version}.patch`), "utf8")).toContain("propertyReplacementsOf");
  });

  /** The SQL of a query builder with the patched replacement and with the published one. */
  function bothWays(build: () => { getQuery(): string }): { patched: string; unpatched: string } {
    const prototype = QueryBuilder.prototype as unknown as Replacer;
    const patchedReplace = prototype.replacePropertyNamesForTheWholeQuery;
    const patched = build().getQuery();
    prototype.replacePropertyNamesForTheWholeQuery = unpatchedReplacePropertyNames;
    try {
      return { patched, unpatched: build().getQuery() };
    } finally {
      prototype.replacePropertyNamesForTheWholeQuery = patchedReplace;
    }
  }

  const shapes: Array<[string, () => { getQuery(): string }]> = [
    [
      "a book with its rating (the stores' join and raw selects)",
      () =>
        dataSource
          .createQueryBuilder(Book, "book")
          .leftJoin("book.reviews", "review")
          .addSelect("COUNT(review.id)::int", "reviewCount")
          .addSelect("ROUND(AVG(review.rate), 2)::float8", "averageRate")
          .where("book.id = :id", { id: 1 })
          .groupBy("book.id"),
    ],
    ["a page of books (find options)", () => dataSource.getRepository(Book).createQueryBuilder("book").where({ author: "A", id: MoreThan(3) }).orderBy("book.id", "ASC").take(20)],
    [
      "a book's reviews (relation property paths)",
      () =>
        dataSource
          .createQueryBuilder(Book, "book")
          .select("book.id")
          .leftJoinAndSelect("book.reviews", "review", "review.id > :afterId", { afterId: 0 })
          .where("book.id = :bookId", { bookId: 1 })
          .orderBy("review.id", "ASC"),
    ],
    ["property and column names mixed", () => dataSource.createQueryBuilder(Review, "review").where("review.bookId = :a OR review.book_id = :a OR review.book.id = :a", { a: 1 }).andWhere("review.createdAt < now()")],
    ["an update", () => dataSource.createQueryBuilder().update(Book).set({ year: 2000 }).where({ id: 1, deletedAt: IsNull() })],
    ["a delete", () => dataSource.createQueryBuilder().delete().from(Review).where("bookId = :id AND authorSubject = :s", { id: 1, s: "x" })],
    ["a row lock", () => dataSource.createQueryBuilder(Book, "locked").select("locked.id").where("locked.id = :id", { id: 1 }).setLock("pessimistic_write")],
    ["an unknown name and a string that looks like one", () => dataSource.createQueryBuilder(Book, "book").where("book.nothing = 'book.title' AND (book.title = book.author)")],
  ];

  test.each(shapes)("%s: the same SQL as the published TypeORM", (_name, build) => {
    const { patched, unpatched } = bothWays(build);
    expect(patched).toBe(unpatched);
  });

  test("repeated and interleaved shapes keep giving the same SQL (nothing cached leaks between them)", () => {
    const expected = shapes.map(([, build]) => bothWays(build).unpatched);
    for (let round = 0; round < 3; round += 1) {
      shapes.forEach(([, build], index) => expect(build().getQuery()).toBe(expected[index]));
    }
  });
});
