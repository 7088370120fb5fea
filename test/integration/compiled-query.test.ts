import { Book, compileQuery, runUnitOfWork, type EntityManager } from "@bookstore/orm";

describe("compiled queries", () => {
  test("are built once per shape, then only run with new values", async () => {
    let builds = 0;
    const byAuthor = compileQuery<{ author?: string; year?: number; rows: number }, { title: string }>(
      (manager, { author, year, rows }) => {
        builds += 1;
        const select = manager.createQueryBuilder(Book, "book").select("book.title", "title").where("1 = 1");
        if (author !== undefined) select.andWhere("book.author = :author", { author });
        if (year !== undefined) select.andWhere("book.year = :year", { year });
        return select.orderBy("book.id").limit(rows);
      },
      { bake: ["rows"] },
    );
    const author = `Compiled ${Date.now()}`;
    await runUnitOfWork("write", (manager) =>
      manager.createQueryBuilder().insert().into(Book).values([
        { title: "one", author, publisher: "p", year: 2001 },
        { title: "two", author, publisher: "p", year: 2002 },
      ]).execute(),
    );
    const run = (parameters: { author?: string; year?: number; rows: number }) =>
      runUnitOfWork("read", (manager: EntityManager) => byAuthor(manager, parameters));

    expect((await run({ author, rows: 10 })).rows.map((row) => row.title)).toEqual(["one", "two"]);
    expect((await run({ author, rows: 10 })).rows).toHaveLength(2);
    expect(builds).toBe(1);
    expect((await run({ author, year: 2002, rows: 10 })).rows.map((row) => row.title)).toEqual(["two"]);
    expect(builds).toBe(2);
    expect((await run({ author, rows: 1 })).rows.map((row) => row.title)).toEqual(["one"]);
    expect(builds).toBe(3);
    // Values are bound, never part of the SQL: a hostile one is just a string.
    expect((await run({ author: "x' OR '1'='1", rows: 10 })).rows).toEqual([]);
  });

  test("refuse a value of their own, so no request value is ever cached in the SQL", async () => {
    const baked = compileQuery<{ id: number }>((manager) => manager.createQueryBuilder(Book, "book").where("book.id = :id", { id: 1 }));
    await expect(runUnitOfWork("read", (manager) => baked(manager, { id: 1 }))).rejects.toThrow(/placeholder \$1 is not one of the parameters/);
  });

  test("bake whole numbers only", async () => {
    const limited = compileQuery<{ rows: number }>((manager, { rows }) => manager.createQueryBuilder(Book, "book").limit(rows), { bake: ["rows"] });
    await expect(runUnitOfWork("read", (manager) => limited(manager, { rows: 1.5 }))).rejects.toThrow(/must be a whole number/);
  });
});
