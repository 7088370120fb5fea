import * as orm from "@bookstore/orm";
import { Book, Review, type DataSource } from "@bookstore/orm";
import { exerciseOrm } from "../src/exercise-orm";
import { startStandInPostgres, type ColumnShape, type StandInPostgres, type TableShapes } from "../src/stand-in-postgres";

const INTEGER: ColumnShape = { type: "integer" };
const TEXT: ColumnShape = { type: "character varying" };
const TIMESTAMPTZ: ColumnShape = { type: "timestamp with time zone" };
const TABLES: TableShapes = new Map<string, Map<string, ColumnShape>>([
  ["book", new Map([["id", INTEGER], ["title", TEXT], ["year", INTEGER], ["created_at", TIMESTAMPTZ], ["deleted_at", { ...TIMESTAMPTZ, isNull: true }]])],
  ["review", new Map([["id", INTEGER], ["book_id", INTEGER], ["rate", { type: "smallint" }], ["created_at", TIMESTAMPTZ]])],
]);

describe("the stand-in PostgreSQL the compile cache's builder runs the ORM against", () => {
  let standIn: StandInPostgres;
  let dataSource: DataSource;

  beforeAll(async () => {
    standIn = await startStandInPostgres(TABLES);
    dataSource = orm.buildDataSource({
      settings: { source: "libpq", host: "127.0.0.1", port: standIn.port, database: "stand-in", user: "stand-in", ssl: false, blame: "the test" },
      tuning: { connectTimeoutMs: 2_000, statementTimeoutMs: 2_000, maxIdleMs: 10_000, poolSize: 1, applicationName: "test", dialect: "postgres", serverVersion: "17" },
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await standIn?.close();
  });

  it("answers a select with its tables' columns, typed, so that rows hydrate into entities with their relations", async () => {
    const book = await dataSource.manager.findOne(Book, { where: { id: 1 }, relations: { reviews: true } });
    expect(book).toBeInstanceOf(Book);
    expect(book).toMatchObject({ id: 1, title: "x", year: 1, deletedAt: null });
    expect(book?.createdAt).toEqual(new Date("2026-01-01T00:00:00Z"));
    // Two rows, one book: each joined review is a row of its own.
    expect(book?.reviews?.map((review) => review.id)).toEqual([1, 2]);
    expect(book?.reviews?.[0]).toBeInstanceOf(Review);
    expect(standIn.statements.at(-1)).toMatch(/^SELECT .* FROM "book" "Book" LEFT JOIN "review"/);
  });

  it("answers an insert's RETURNING with the table's columns, and a delete's count", async () => {
    const inserted = await dataSource.manager.createQueryBuilder().insert().into(Review).values({ bookId: 1, reviewer: "r", rate: 5 }).returning("*").execute();
    expect(inserted.raw).toEqual([{ id: 1, book_id: 1, rate: 1, created_at: new Date("2026-01-01T00:00:00Z") }]);
    expect((await dataSource.manager.delete(Review, { id: 1 })).affected).toBe(1);
  });

  it("answers transactions and statements with no rows by their command tags", async () => {
    await dataSource.manager.transaction((manager) => manager.update(Book, { id: 1 }, { title: "y" }));
    expect(standIn.statements.slice(-3)).toEqual(["START TRANSACTION", expect.stringMatching(/^UPDATE "book" SET "title" = \$1/), "COMMIT"]);
  });
});

describe("the ORM's run before its compile cache is made", () => {
  it("sends each kind of read and write the services make, for each entity, through the layer's connection module", async () => {
    const before = { ...process.env };
    const statements = await exerciseOrm(orm);
    expect(process.env).toEqual(before);
    for (const table of ["book", "review", "idempotency_record"]) {
      const about = statements.filter((sql) => sql.includes(`"${table}"`));
      expect(about).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^SELECT .* ORDER BY .* LIMIT 20$/),
          expect.stringMatching(/^SELECT .* FOR UPDATE$/),
          expect.stringMatching(/^INSERT INTO .* RETURNING \*$/),
          expect.stringMatching(/^UPDATE .* RETURNING \*$/),
          expect.stringMatching(/^DELETE FROM /),
        ]),
      );
    }
    expect(statements.filter((sql) => /^SELECT .* LEFT JOIN "review"/.test(sql)).length).toBeGreaterThan(0);
    expect(statements).toContain("START TRANSACTION");
    expect(statements).toContain("COMMIT");
    expect(statements).not.toContain("ROLLBACK");
  });
});
