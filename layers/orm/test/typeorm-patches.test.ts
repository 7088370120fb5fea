import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ChildEntity, Column, CreateDateColumn, DataSource, Entity, IsNull, JoinTable, ManyToMany, ManyToOne, MoreThan, OneToMany, PrimaryColumn, PrimaryGeneratedColumn, TableInheritance, VirtualColumn } from "typeorm";
import { DriverUtils } from "typeorm/driver/DriverUtils.js";
import type { Driver } from "typeorm/driver/Driver.js";
import { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver.js";
import { ColumnMetadata } from "typeorm/metadata/ColumnMetadata.js";
import { EntityMetadata } from "typeorm/metadata/EntityMetadata.js";
import { InsertQueryBuilder } from "typeorm/query-builder/InsertQueryBuilder.js";
import { JoinAttribute } from "typeorm/query-builder/JoinAttribute.js";
import { QueryBuilder } from "typeorm/query-builder/QueryBuilder.js";
import { SelectQueryBuilder } from "typeorm/query-builder/SelectQueryBuilder.js";
import { RawSqlResultsToEntityTransformer } from "typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer.js";
import { Book, ENTITIES, Review } from "../src";
import { withCodeGenerationRefused } from "./support/code-generation-refused";
import { installedVersion, PROJECT_ROOT } from "./support/installed-packages";

/** Methods as the properties a class prototype has. */
function methods(record: Record<string, unknown>): PropertyDescriptorMap {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, { value, writable: true, configurable: true }]));
}
// The published (unpatched) methods and getters, by the prototype they belong to.
const PUBLISHED: Array<[object, PropertyDescriptorMap]> = [
  [
    QueryBuilder.prototype,
    methods({
      replacePropertyNamesForTheWholeQuery: require("./typeorm-patches/replace-property-names.js"),
      ...(require("./typeorm-patches/created-parameter.js") as Record<string, unknown>),
    }),
  ],
  [
    SelectQueryBuilder.prototype,
    methods({
      ...(require("./typeorm-patches/entity-column-selects.js") as Record<string, unknown>),
      createSelectExpression: require("./typeorm-patches/select-expression.js"),
      createJoinExpression: require("./typeorm-patches/join-expression.js"),
      getQuery: require("./typeorm-patches/get-query.js"),
    }),
  ],
  [
    PostgresDriver.prototype,
    methods({
      escapeQueryWithParameters: require("./typeorm-patches/escape-query-with-parameters.js"),
      prepareHydratedValue: require("./typeorm-patches/hydrated-value.js"),
      createGeneratedMap: require("./typeorm-patches/generated-map.js"),
      preparePersistentValue: require("./typeorm-patches/persistent-value.js"),
    }),
  ],
  [RawSqlResultsToEntityTransformer.prototype, methods(require("./typeorm-patches/raw-results-to-entity.js") as Record<string, unknown>)],
  [JoinAttribute.prototype, Object.getOwnPropertyDescriptors(require("./typeorm-patches/join-attribute-is-selected.js"))],
  [
    EntityMetadata.prototype,
    methods({ ...(require("./typeorm-patches/entity-metadata-columns.js") as Record<string, unknown>), create: require("./typeorm-patches/entity-create.js") }),
  ],
  [
    InsertQueryBuilder.prototype,
    methods({
      getInsertedColumns: require("./typeorm-patches/inserted-columns.js"),
      createColumnNamesExpression: require("./typeorm-patches/column-names-expression.js"),
    }),
  ],
];
type Escape = (sql: string, parameters: Record<string, unknown>) => [string, unknown[]];

/** A column whose SQL comes from a function: its entity's selections are never kept. */
@Entity({ name: "shelf" })
class Shelf {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @Column({ type: "varchar" })
  label!: string;

  @VirtualColumn({ type: "integer", query: (alias) => `SELECT COUNT(*) FROM "book" WHERE "book"."id" <= ${alias}."id"` })
  position!: number;
}

/** The same table under other property names: the same statement text rewrites differently. */
@Entity({ name: "shelf" })
class CaptionedShelf {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @Column({ name: "label", type: "varchar" })
  caption!: string;
}

/** Two entities with a relation of the same name to the same entity: the same join text, two join conditions. */
@Entity({ name: "library" })
class Library {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @OneToMany(() => Item, (item) => item.library)
  items!: Item[];
}

@Entity({ name: "archive" })
class Archive {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @OneToMany(() => Item, (item) => item.archive)
  items!: Item[];
}

@Entity({ name: "item" })
class Item {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @ManyToOne(() => Library, (library) => library.items)
  library!: Library;

  @ManyToOne(() => Archive, (archive) => archive.items)
  archive!: Archive;

  @ManyToMany(() => Label)
  @JoinTable({ name: "item_label" })
  labels!: Label[];
}

@Entity({ name: "label" })
class Label {
  @PrimaryColumn({ type: "integer" })
  id!: number;
}

/** A composite primary key: a row's identity is its two keys' values joined. In a schema: a table path of two parts. */
@Entity({ name: "placement", schema: "storage" })
class Placement {
  @PrimaryColumn({ type: "integer" })
  shelf!: number;

  @PrimaryColumn({ type: "integer" })
  slot!: number;

  @Column({ type: "varchar" })
  note!: string;
}

/** Columns of every kind an INSERT … RETURNING gives back: a bigint identity, JSON, an array, an embedded, a join column, a date. */
class Size {
  @Column({ type: "integer" })
  width!: number;

  @Column({ type: "integer" })
  height!: number;
}

@Entity({ name: "crate" })
class Crate {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id!: string;

  @Column({ type: "jsonb", nullable: true })
  contents!: unknown;

  @Column({ type: "integer", array: true })
  counts!: number[];

  @Column(() => Size)
  size!: Size;

  @ManyToOne(() => Library)
  library!: Library;

  @CreateDateColumn()
  createdAt!: Date;
}

/** Single-table inheritance (a row's class chosen by its discriminator), with a lazy relation that every entity made gets. */
@Entity({ name: "vehicle" })
@TableInheritance({ column: { type: "varchar", name: "kind" } })
class Vehicle {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @Column({ type: "varchar" })
  title!: string;

  @ManyToOne(() => Garage, (garage) => garage.vehicles, { lazy: true })
  garage!: Promise<Garage>;
}

@ChildEntity("car")
class Car extends Vehicle {
  @Column({ type: "integer", nullable: true })
  rate!: number | null;
}

@ChildEntity("bike")
class Bike extends Vehicle {}

@Entity({ name: "garage" })
class Garage {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @OneToMany(() => Vehicle, (vehicle) => vehicle.garage)
  vehicles!: Vehicle[];
}

async function metadataOnly(entities: Function[]): Promise<DataSource> {
  const dataSource = new DataSource({ type: "postgres", entities });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource;
}

/** As getMany, getOne and getRawAndEntities build it: selecting entities (which adds unselected primary columns). */
function loadingEntities<Builder extends { expressionMap: { queryEntity: boolean } }>(builder: Builder): Builder {
  builder.expressionMap.queryEntity = true;
  return builder;
}

describe("the TypeORM patch: property-name rewrites, entity selections, select lists, parameter placeholders, hydration plans, an insert's columns and created parameters' names worked out once, generated values assigned, values and keys checked without arrays", () => {
  let dataSource: DataSource;
  let shelves: DataSource;
  let libraries: DataSource;
  let garages: DataSource;
  beforeAll(async () => {
    // Metadata only: nothing connects.
    dataSource = await metadataOnly(ENTITIES);
    shelves = await metadataOnly([Shelf, CaptionedShelf]);
    libraries = await metadataOnly([Library, Archive, Item, Label, Crate, Placement]);
    garages = await metadataOnly([Vehicle, Car, Bike, Garage]);
  });

  test("is applied to the installed TypeORM (npm install runs patch-package)", () => {
    const installed = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "query-builder", "QueryBuilder.js"), "utf8");
    expect(installed).toContain("function propertyReplacementsOf(metadata)");
    expect(installed).toContain("function propertyNamePattern(replaceAliasNamePrefixes)");
    expect(installed).toContain("const rewrittenStatements = new Map()");
    expect(installed).toContain("replacePropertyNamesForTheStatementOf(head, select, join, tail)");
    expect(installed).toContain("function keptByParts(cache, walk, subject, build)");
    const selectBuilder = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "query-builder", "SelectQueryBuilder.js"), "utf8");
    expect(selectBuilder).toContain("function wholeEntitySelectionsOf(metadata)");
    expect(selectBuilder).toContain("function walkSelectExpressionKey(builder, key)");
    expect(selectBuilder).toContain("function walkJoinExpressionKey(builder, key)");
    const driver = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "driver", "postgres", "PostgresDriver.js"), "utf8");
    expect(driver).toContain("function parameterPlaceholdersOf(sql)");
    expect(driver).toContain("without mergeDeep's Map and temporary object per column");
    const transformer = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "query-builder", "transformer", "RawSqlResultsToEntityTransformer.js"), "utf8");
    expect(transformer).toContain("function keptForAlias(cache, metadata, aliasName, transformer, build)");
    expect(transformer).toContain("const discriminatorKey = this.buildAlias(");
    expect(transformer).toContain("metadata.relations.indexOf(join.relation) === -1");
    expect(driver).toContain("const enumOptions = columnMetadata.enum;");
    expect(transformer).toContain("function hydratorOf(columnsToProcess)");
    const joinAttribute = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "query-builder", "JoinAttribute.js"), "utf8");
    expect(joinAttribute).toContain('selection.startsWith(prefix)');
    const entityMetadata = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "metadata", "EntityMetadata.js"), "utf8");
    expect(entityMetadata).toContain("function keptForColumns(cache, columns, build)");
    expect(entityMetadata).toContain("this.dataSource.relationLoader.enableLazyLoad(this.lazyRelations[index], ret, queryRunner);");
    const insertBuilder = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "query-builder", "InsertQueryBuilder.js"), "utf8");
    expect(insertBuilder).toContain("const keptInsertedColumns = new WeakMap()");
    const dateUtils = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "util", "DateUtils.js"), "utf8");
    expect(dateUtils).toContain("return Number(process.hrtime.bigint()) / 1e6;");
    expect(readFileSync(join(PROJECT_ROOT, "patches", `typeorm+${installedVersion("typeorm")}.patch`), "utf8")).toContain("propertyReplacementsOf");
  });

  test("is compared with the published functions of the installed release", () => {
    // Taking up another TypeORM release means copying its functions here again.
    const references = readdirSync(join(__dirname, "typeorm-patches"));
    expect(references.length).toBeGreaterThan(10);
    const releases = new Set(references.map((file) => /^\/\/ TypeORM (\S+)'s /.exec(readFileSync(join(__dirname, "typeorm-patches", file), "utf8"))?.[1]));
    expect([...releases]).toEqual([installedVersion("typeorm")]);
  });

  /** What `run` gives with the patched methods and with the published ones. */
  function bothWays<Result>(run: () => Result): { patched: Result; unpatched: Result } {
    const patchedProperties = PUBLISHED.map(
      ([prototype, published]) => [prototype, Object.fromEntries(Object.keys(published).map((name) => [name, Object.getOwnPropertyDescriptor(prototype, name)!]))] as const,
    );
    const patched = run();
    PUBLISHED.forEach(([prototype, published]) => Object.defineProperties(prototype, published));
    try {
      return { patched, unpatched: run() };
    } finally {
      patchedProperties.forEach(([prototype, properties]) => Object.defineProperties(prototype, properties));
    }
  }

  /** Any one to six shapes, each run twice and interleaved (the second time from what was kept): what the published TypeORM gives. */
  function sameWhenInterleaved<Shape>(shape: fc.Arbitrary<Shape>, run: (shape: Shape) => unknown, numRuns: number): void {
    fc.assert(
      fc.property(fc.array(shape, { minLength: 1, maxLength: 6 }), (shapes) => {
        const { patched, unpatched } = bothWays(() => [...shapes, ...shapes].map(run));
        expect(patched).toStrictEqual(unpatched);
      }),
      { numRuns },
    );
  }

  const shapes: Array<[string, () => { getQueryAndParameters(): [string, unknown[]] }]> = [
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
    ["a rated book as getRawAndEntities builds it", () => loadingEntities(dataSource.createQueryBuilder(Book, "book").leftJoin("book.reviews", "review").addSelect("COUNT(review.id)::int", "reviewCount").where("book.id = :id", { id: 1 }).groupBy("book.id"))],
    ["some columns only, loading entities (the primary column comes back as virtual)", () => loadingEntities(dataSource.createQueryBuilder(Book, "book").select(["book.title", "book.author"]))],
    ["the whole entity and one of its columns again under a name", () => loadingEntities(dataSource.createQueryBuilder(Book, "book").addSelect("book.title", "heading"))],
    ["a joined entity selected whole", () => loadingEntities(dataSource.createQueryBuilder(Book, "book").leftJoinAndSelect("book.reviews", "review").where("book.id = :id", { id: 1 }))],
    ["a joined entity selected column by column", () => loadingEntities(dataSource.createQueryBuilder(Review, "review").innerJoin("review.book", "book").addSelect(["book.id", "book.title"]))],
    ["the same alias name for another entity", () => loadingEntities(dataSource.createQueryBuilder(Review, "book").where("book.rate > :rate", { rate: 3 }))],
    ["escaping off", () => dataSource.createQueryBuilder(Book, "book").disableEscaping().where("book.createdAt < now()")],
    ["a shelf counted by caption (no such property)", () => shelves.createQueryBuilder(Shelf, "shelf").select("COUNT(*)", "n").where("shelf.caption = :c", { c: "a" })],
    ["a captioned shelf counted by caption (the label column)", () => shelves.createQueryBuilder(CaptionedShelf, "shelf").select("COUNT(*)", "n").where("shelf.caption = :c", { c: "a" })],
    ["an entity with a virtual column", () => loadingEntities(shelves.createQueryBuilder(Shelf, "shelf").where("shelf.label = :label", { label: "a" }))],
    ["a joined entity with a virtual column", () => loadingEntities(shelves.createQueryBuilder(CaptionedShelf, "captioned").leftJoinAndSelect(Shelf, "shelf", "shelf.id = captioned.id"))],
    ["DISTINCT", () => dataSource.createQueryBuilder(Book, "book").select("book.author").distinct(true)],
    ["DISTINCT ON", () => dataSource.createQueryBuilder(Book, "book").distinctOn(["book.author"]).orderBy("book.author")],
    ["a read lock (the same shape as the row lock otherwise)", () => dataSource.createQueryBuilder(Book, "locked").select("locked.id").where("locked.id = :id", { id: 1 }).setLock("pessimistic_read")],
    ["a FROM subquery", () => dataSource.createQueryBuilder().select("rated.n").from((sub) => sub.subQuery().select("COUNT(*)", "n").from(Review, "review"), "rated")],
    ["two FROM entities", () => dataSource.createQueryBuilder(Book, "book").addFrom(Review, "review").where("review.bookId = book.id")],
    ["a table joined by name, selected whole", () => dataSource.createQueryBuilder(Book, "book").leftJoin("audit_log", "audit", "audit.book_id = book.id").addSelect("audit")],
    ["a join with a condition of its own", () => dataSource.createQueryBuilder(Book, "book").leftJoin("book.reviews", "review", "review.rate > :rate", { rate: 3 })],
    ["the same join, inner", () => dataSource.createQueryBuilder(Book, "book").innerJoin("book.reviews", "review", "review.rate > :rate", { rate: 3 })],
    ["an entity joined by its class", () => dataSource.createQueryBuilder(Book, "book").leftJoinAndSelect(Review, "review", "review.bookId = book.id")],
    ["a subquery joined", () => dataSource.createQueryBuilder(Book, "book").leftJoin((sub) => sub.subQuery().select("rv.bookId", "bookId").from(Review, "rv"), "rated", "rated.bookId = book.id")],
    ["nested joins (a review's book's reviews)", () => loadingEntities(dataSource.createQueryBuilder(Review, "review").leftJoinAndSelect("review.book", "book").innerJoinAndSelect("book.reviews", "sibling"))],
    ["a library's items", () => libraries.createQueryBuilder(Library, "owner").leftJoinAndSelect("owner.items", "item")],
    ["an archive's items (the same join text, another relation)", () => libraries.createQueryBuilder(Archive, "owner").leftJoinAndSelect("owner.items", "item")],
    ["a many-to-many join through its junction table", () => loadingEntities(libraries.createQueryBuilder(Item, "item").leftJoinAndSelect("item.labels", "label"))],
    // Two shapes whose selection and alias name would read alike run together.
    ["a selection under an alias name", () => dataSource.createQueryBuilder(Book, "book").select("1", "2undefined")],
    ["a longer selection with no alias name", () => dataSource.createQueryBuilder(Book, "book").select("12")],
  ];

  test.each(shapes)("%s: the same SQL and parameters as the published TypeORM", (_name, build) => {
    const { patched, unpatched } = bothWays(() => build().getQueryAndParameters());
    expect(patched).toEqual(unpatched);
  });

  test("repeated and interleaved shapes keep giving the same SQL (nothing cached leaks between them)", () => {
    const expected = shapes.map(([, build]) => bothWays(() => build().getQueryAndParameters()).unpatched);
    for (let round = 0; round < 3; round += 1) {
      shapes.forEach(([, build], index) => expect(build().getQueryAndParameters()).toEqual(expected[index]));
    }
  });

  type Change = (builder: SelectQueryBuilder<Book>) => unknown;
  const keptParts: Array<[string, "createSelectExpressionUncached" | "createJoinExpressionUncached", () => SelectQueryBuilder<Book>, Change[]]> = [
    [
      "select list",
      "createSelectExpressionUncached",
      () => dataSource.createQueryBuilder(Book, "kept").leftJoin("kept.reviews", "review").addSelect("COUNT(review.id)::int", "reviewCount").where("kept.id = :id", { id: 1 }),
      [
        (builder) => builder.addSelect("kept.title", "heading"),
        (builder) => builder.distinct(true),
        (builder) => builder.distinctOn(["kept.id"]),
        (builder) => builder.distinctOn(["kept.title"]),
        (builder) => builder.setLock("pessimistic_write"),
        (builder) => builder.disableEscaping(),
        (builder) => builder.leftJoin("kept.reviews", "other"),
        (builder) => builder.addFrom(Review, "more"),
        (builder) => builder.addFrom(Review, "others"),
        (builder) => (builder.expressionMap.mainAlias!.subQuery = "(SELECT 1)"),
        (builder) => loadingEntities(builder),
        (builder) => (builder.expressionMap.selects[1]!.aliasName = "renamed"),
        (builder) => (builder.expressionMap.selects[1]!.virtual = true),
        (builder) => (builder.expressionMap.mainAlias!.tablePath = "shelved_book"),
        (builder) => builder.useIndex("book_pkey"),
        (builder) => builder.useIndex("book_author_id"),
        (builder) => builder.maxExecutionTime(100),
        (builder) => (builder.expressionMap.joinAttributes[0]!.alias.name = "renamed"),
      ],
    ],
    [
      "joins",
      "createJoinExpressionUncached",
      () => dataSource.createQueryBuilder(Book, "joined").leftJoin("joined.reviews", "review"),
      [
        (builder) => builder.leftJoin("review.book", "back"),
        (builder) => builder.innerJoin(Review, "more", "more.bookId = joined.id"),
        (builder) => builder.disableEscaping(),
        (builder) => builder.setLock("pessimistic_write"),
        (builder) => (builder.expressionMap.joinAttributes[0]!.condition = "review.rate > 2"),
        (builder) => (builder.expressionMap.joinAttributes[0]!.direction = "INNER"),
        (builder) => (builder.expressionMap.joinAttributes[0]!.alias.subQuery = "(SELECT 1)"),
      ],
    ],
  ];

  test.each(keptParts)("a shape's %s: built once, then kept, and built again after a change to any part of its key", (_part, method, shape, changes) => {
    const built = jest.spyOn(SelectQueryBuilder.prototype as unknown as Record<typeof method, () => string>, method);
    try {
      shape().getQuery();
      built.mockClear();
      shape().getQuery();
      shape().andWhere("1 = 1").orderBy("review.id").limit(3).getQuery();
      expect(built).not.toHaveBeenCalled();
      for (const change of changes) {
        built.mockClear();
        const builder = shape();
        change(builder);
        builder.getQuery();
        expect(built).toHaveBeenCalledTimes(1);
      }
    } finally {
      built.mockRestore();
    }
  });

  test("at most 1,000 select lists and 1,000 joins kept", () => {
    const built = (method: "createSelectExpressionUncached" | "createJoinExpressionUncached", shape: (n: number) => { getQuery(): string }) => {
      const spy = jest.spyOn(SelectQueryBuilder.prototype as unknown as Record<typeof method, () => string>, method);
      try {
        shape(-1).getQuery();
        for (let n = 0; n < 1_000; n += 1) shape(n).getQuery();
        spy.mockClear();
        shape(-1).getQuery();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    expect(built("createSelectExpressionUncached", (n) => dataSource.createQueryBuilder(Book, "bounded").addSelect(`${n}`, "n"))).toBe(1);
    expect(built("createJoinExpressionUncached", (n) => dataSource.createQueryBuilder(Book, "bounded").leftJoin("bounded.reviews", "review", `review.rate > ${n}`))).toBe(1);
  });

  test("a statement's rewrite: worked out once per shape, again when any of its parts or what the rewrite reads changes, and kept for at most 1,000 statements", () => {
    const rewrites = jest.spyOn(QueryBuilder.prototype as unknown as Record<"rewritePropertyNames", (statement: string) => string>, "rewritePropertyNames");
    const shape = () => dataSource.createQueryBuilder(Book, "parts").leftJoin("parts.reviews", "review").where("parts.id = :id", { id: 1 }).groupBy("parts.id");
    const rewritten = (builder: { getQuery(): string }, times: number) => {
      rewrites.mockClear();
      builder.getQuery();
      expect(rewrites).toHaveBeenCalledTimes(times);
    };
    try {
      rewritten(shape(), 1);
      rewritten(shape(), 0);
      rewritten(shape().setParameter("id", 2), 0);
      rewritten(shape().andWhere("parts.year > 1"), 1);
      rewritten(shape().orderBy("parts.title"), 1);
      rewritten(shape().limit(3), 1);
      rewritten(shape().setLock("pessimistic_read"), 1);
      rewritten(shape().comment("a"), 1);
      rewritten(shape().addSelect("parts.title", "heading"), 1);
      rewritten(shape().leftJoin("review.book", "back"), 1);
      rewritten(shape().disableEscaping(), 1);
      const asSubquery = shape();
      asSubquery.expressionMap.subQuery = true;
      rewritten(asSubquery, 1);
      // The same text with another entity behind an alias: the rewrite reads the entity.
      rewritten(libraries.createQueryBuilder(Library, "parts").leftJoin("parts.items", "review").where("parts.id = :id", { id: 1 }).groupBy("parts.id"), 1);
      for (let n = 0; n < 1_000; n += 1) shape().andWhere(`parts.year > ${n}`).getQuery();
      rewritten(shape(), 1);
    } finally {
      rewrites.mockRestore();
    }
  });

  test("any mix of selections, joins and options: the same SQL as the published TypeORM, however the shapes interleave", () => {
    const selection = fc.constantFrom("book", "book.id", "book.title", "review", "review.rate", "COUNT(*)", "book.id || ':'", "x|s1'y");
    const alias = fc.option(fc.constantFrom("n", "book_id", "1'|s", "reviewCount"), { nil: undefined });
    const shape = fc.record({
      main: fc.constantFrom("book", "b", "review"),
      join: fc.constantFrom("none", "left", "leftAndSelect", "inner"),
      joinCondition: fc.constantFrom(undefined, "1 = 1", "x|s1'y"),
      nested: fc.boolean(),
      selects: fc.array(fc.tuple(selection, alias), { maxLength: 4 }),
      distinct: fc.boolean(),
      distinctOn: fc.boolean(),
      lock: fc.constantFrom(undefined, "pessimistic_read", "pessimistic_write"),
      escaping: fc.boolean(),
      queryEntity: fc.boolean(),
    });
    type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;
    const build = (s: Shape) => {
      const builder = s.main === "review" ? dataSource.createQueryBuilder(Review, "review") : dataSource.createQueryBuilder(Book, s.main);
      const other = s.main === "review" ? "review.book" : `${s.main}.reviews`;
      const joined = s.main === "review" ? "book" : "review";
      if (s.join === "left") builder.leftJoin(other, joined, s.joinCondition);
      if (s.join === "leftAndSelect") builder.leftJoinAndSelect(other, joined, s.joinCondition);
      if (s.join === "inner") builder.innerJoin(other, joined, s.joinCondition);
      if (s.join !== "none" && s.nested) builder.leftJoin(s.main === "review" ? "book.reviews" : "review.book", "nested");
      for (const [selected, name] of s.selects) builder.addSelect(selected, name);
      if (s.distinct) builder.distinct(true);
      if (s.distinctOn) builder.distinctOn([`${s.main}.id`]);
      if (s.lock) builder.setLock(s.lock as "pessimistic_read" | "pessimistic_write");
      if (!s.escaping) builder.disableEscaping();
      builder.expressionMap.queryEntity = s.queryEntity;
      return builder;
    };
    const outcome = (s: Shape) => {
      try {
        return build(s).getQuery();
      } catch (error) {
        return `throws ${String(error)}`;
      }
    };
    sameWhenInterleaved(shape, outcome, 300);
  });

  test("any row an INSERT … RETURNING gives back: the same generated map as the published driver, holding the same values", () => {
    const metadata = libraries.getMetadata(Crate);
    const key = fc.constantFrom(...metadata.columns.map((column) => column.databaseName), "unknown");
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer(),
      fc.bigInt().map(String),
      fc.string({ maxLength: 3 }),
      fc.date({ noInvalidDate: true }),
      fc.dictionary(fc.constantFrom("a", "b", "__proto__"), fc.oneof(fc.integer(), fc.array(fc.integer(), { maxLength: 2 }))),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.constant(Promise.resolve(1)),
    );
    const generatedMap = (row: Record<string, unknown>): Record<string, unknown> | string => {
      try {
        return (libraries.driver as unknown as { createGeneratedMap(m: unknown, r: unknown): Record<string, unknown> }).createGeneratedMap(metadata, row);
      } catch (error) {
        return `throws ${String(error)}`;
      }
    };
    // What mergeDeep copies rather than assigns.
    const copied = (value: unknown) => Array.isArray(value) || (typeof value === "object" && value !== null && (!value.constructor || value.constructor === Object));
    fc.assert(
      fc.property(fc.dictionary(key, value), (row) => {
        const { patched, unpatched } = bothWays(() => generatedMap(row));
        expect(patched).toStrictEqual(unpatched);
        // What the published driver assigns (a date, say) is the row's own value here too; what it copies (JSON, arrays) is a copy here too.
        if (typeof unpatched === "object" && typeof patched === "object") {
          const rowObjects = new Set<unknown>(Object.values(row).filter(copied));
          for (const [name, kept] of Object.entries(unpatched)) {
            if (copied(kept)) expect(rowObjects.has(patched[name])).toBe(false);
            else expect(Object.is(patched[name], kept)).toBe(true);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });

  test("any parameter key: set, or refused, as the published query builder does", () => {
    const key = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("orm_param_0", "book.id", "a-b", "", "x\n"), fc.integer(), fc.constant(null));
    const set = (given: unknown) => {
      const builder = dataSource.createQueryBuilder(Book, "book");
      try {
        builder.setParameter(given as string, 1);
        return builder.getParameters();
      } catch (error) {
        return `throws ${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    fc.assert(
      fc.property(key, (given) => {
        const { patched, unpatched } = bothWays(() => set(given));
        expect(patched).toStrictEqual(unpatched);
      }),
      { numRuns: 1_000 },
    );
  });

  test("any value of any column type: written as the published driver writes it", () => {
    const driver = libraries.driver as unknown as { preparePersistentValue(value: unknown, column: object): unknown };
    const type = fc.constantFrom<unknown>("json", "jsonb", "geometry", "geography", "varchar", "integer", "bigint", Boolean, Date, "date", "time", "timestamp", "timestamptz", "point", "circle", "vector", "hstore", "simple-array", "simple-json", "simple-enum", "enum", "numeric");
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.integer(),
      fc.string({ maxLength: 3 }),
      fc.date({ noInvalidDate: true }),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.record({ x: fc.integer(), y: fc.integer(), radius: fc.integer() }, { requiredKeys: ["x", "y"] }),
      fc.dictionary(fc.constantFrom("a", "b"), fc.option(fc.string({ maxLength: 2 }))),
    );
    const written = (column: object, given: unknown) => {
      try {
        return driver.preparePersistentValue(given, column);
      } catch (error) {
        return `throws ${String(error)}`;
      }
    };
    // Dates by their time: two invalid dates are never equal as objects.
    const comparable = (result: unknown) => (result instanceof Date ? `Date ${result.getTime()}` : result);
    fc.assert(
      fc.property(type, fc.boolean(), value, (columnType, utc, given) => {
        const column = { type: columnType, utc, enum: ["a", "b"] };
        const { patched, unpatched } = bothWays(() => comparable(written(column, given)));
        expect(patched).toStrictEqual(unpatched);
      }),
      { numRuns: 2_000 },
    );
  });

  test("any value read of any column type: hydrated as the published driver hydrates it, enum arrays among them", () => {
    const driver = libraries.driver as unknown as { prepareHydratedValue(value: unknown, column: object): unknown };
    const type = fc.constantFrom<unknown>("enum", "simple-enum", Number, Boolean, Date, "timestamptz", "date", "time", "vector", "hstore", "simple-array", "simple-json", "cube", "varchar", "integer");
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.integer({ min: -2, max: 3 }),
      fc.constantFrom("{}", "{a,b}", "{1,2}", '{"1","a"}', '{"x\\"y",3}', "[]", "[1,2]", "1", "a", "(1, 2)", '"a"=>"b", "c"=>NULL', "2026-01-02 03:04:05+00", "03:04:05", '{"a":1}', "x,y"),
      fc.date({ noInvalidDate: true }),
    );
    const transformer = fc.constantFrom(undefined, { from: (read: unknown) => ["from", read], to: (written: unknown) => written });
    const read = (column: object, given: unknown) => {
      try {
        return driver.prepareHydratedValue(given, column);
      } catch (error) {
        return `throws ${String(error)}`;
      }
    };
    // Dates by their time, here too inside what a transformer gives.
    const comparable = (result: unknown): unknown => (result instanceof Date ? `Date ${result.getTime()}` : Array.isArray(result) ? result.map(comparable) : result);
    fc.assert(
      fc.property(type, fc.boolean(), fc.boolean(), transformer, value, (columnType, isArray, utc, valueTransformer, given) => {
        const column = { type: columnType, isArray, utc, enum: [1, "a", 2], hstoreType: "object", transformer: valueTransformer };
        const { patched, unpatched } = bothWays(() => comparable(read(column, given)));
        expect(patched).toStrictEqual(unpatched);
      }),
      { numRuns: 2_000 },
    );
  });

  /** The entities raw rows become, as getMany and getRawAndEntities hydrate them. */
  function hydrated(builder: SelectQueryBuilder<object>, rows: Array<Record<string, unknown>>, driver: Driver = builder.connection.driver): unknown {
    try {
      return new RawSqlResultsToEntityTransformer(builder.expressionMap, driver, []).transform(rows, builder.expressionMap.mainAlias!);
    } catch (error) {
      return `throws ${String(error)}`;
    }
  }

  test("any selection and raw rows: the same entities as the published TypeORM, and the same joins selected, however the shapes interleave", () => {
    type Source = [DataSource, Function, string[]];
    // An entity, and the relations it can join.
    const sources = (): Source[] => [
      [dataSource, Book, ["reviews"]],
      [dataSource, Review, ["book"]],
      [libraries, Item, ["library", "labels"]],
      [libraries, Crate, ["library"]],
      [shelves, Shelf, []],
      [libraries, Placement, []],
    ];
    const shape = fc.record({
      source: fc.integer({ min: 0, max: 5 }),
      alias: fc.constantFrom("book", "b", "review", "re", "1'x"),
      joinAlias: fc.constantFrom("review", "joined", "re", "book"),
      join: fc.constantFrom("none", "left", "leftAndSelect"),
      relation: fc.nat(),
      // Whole aliases, single columns (or what looks like them), raw expressions.
      selects: fc.array(fc.constantFrom("main", "joined", "main.id", "main.title", "main.rate", "joined.id", "joined.rate", "joined.", "joined.id.x", "joinedx.id", "COUNT(*)"), { maxLength: 4 }),
      partial: fc.boolean(),
      rows: fc.array(fc.dictionary(fc.nat({ max: 40 }).map(String), fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 3 }), fc.constantFrom("2026-01-02T03:04:05Z", "2026-01-02"))), { maxLength: 4 }),
    });
    type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;
    const run = (s: Shape) => {
      const [source, entity, relations] = sources()[s.source]!;
      const builder = source.createQueryBuilder(entity, s.alias) as SelectQueryBuilder<object>;
      const joinAlias = s.joinAlias === s.alias ? `${s.joinAlias}2` : s.joinAlias;
      const relation = relations[s.relation % Math.max(relations.length, 1)];
      if (relation && s.join === "left") builder.leftJoin(`${s.alias}.${relation}`, joinAlias);
      if (relation && s.join === "leftAndSelect") builder.leftJoinAndSelect(`${s.alias}.${relation}`, joinAlias);
      if (s.partial) builder.select(`${s.alias}.id`);
      for (const selected of s.selects) builder.addSelect(selected.replace(/^main/, s.alias).replace(/^joined/, joinAlias));
      // Each row gives some of the columns of every alias (numbered keys pick which), so ids repeat and rows group;
      // strings that read as dates, which a date column parses (an invalid date would never equal itself).
      const keys = builder.expressionMap.aliases.flatMap((alias) =>
        alias.hasMetadata ? alias.metadata.columns.map((column) => DriverUtils.buildAlias(source.driver, undefined, alias.name, column.databaseName)) : [],
      );
      const rows = s.rows.map((row) => Object.fromEntries(Object.entries(row).flatMap(([index, value]) => (keys[Number(index)] === undefined ? [] : [[keys[Number(index)]!, value]]))));
      return { entities: hydrated(builder, rows), joinsSelected: builder.expressionMap.joinAttributes.map((join) => join.isSelected) };
    };
    sameWhenInterleaved(shape, run, 500);
  });

  test("single-table inheritance: each entity of the class its discriminator names, with its lazy relation, as the published release makes it", () => {
    const kind = fc.constantFrom<unknown>("car", "bike", "boat", null, undefined);
    const rows = fc.array(fc.record({ vehicle_id: fc.integer({ min: 1, max: 3 }), vehicle_kind: kind, vehicle_title: fc.string({ maxLength: 2 }), vehicle_rate: fc.option(fc.integer()) }), { maxLength: 5 });
    // Each entity's class, its own properties (the lazy relation's accessor among them) and its values; never the
    // entity itself, whose accessor would load the relation from a database when a failure prints it.
    const described = (entities: unknown) =>
      Array.isArray(entities)
        ? entities.map((entity: object) => ({
            type: entity.constructor.name,
            own: Object.getOwnPropertyNames(entity).sort(),
            lazy: typeof Object.getOwnPropertyDescriptor(entity, "garage")?.get,
            values: { ...entity },
          }))
        : entities;
    fc.assert(
      fc.property(rows, fc.boolean(), (given, joined) => {
        const builder = () => {
          const vehicles = garages.createQueryBuilder(Vehicle, "vehicle") as SelectQueryBuilder<object>;
          return joined ? vehicles.leftJoinAndSelect("vehicle.garage", "garage") : vehicles;
        };
        const { patched, unpatched } = bothWays(() => described(hydrated(builder(), given)));
        expect(patched).toStrictEqual(unpatched);
      }),
      { numRuns: 500 },
    );
    // Not vacuous: a car's row makes a Car with its lazy garage.
    const [car] = hydrated(garages.createQueryBuilder(Vehicle, "vehicle") as SelectQueryBuilder<object>, [{ vehicle_id: 1, vehicle_kind: "car", vehicle_title: "t" }]) as object[];
    expect(car).toBeInstanceOf(Car);
    expect(typeof Object.getOwnPropertyDescriptor(car, "garage")?.get).toBe("function");
  });

  test("rows grouped by identity as the published release groups them, whatever a key holds: one key or two, non-finite numbers, bigints, bytes, objects, strings that read alike", () => {
    const keyValue = fc.oneof(
      fc.constantFrom<unknown>(null, undefined, Infinity, -Infinity, NaN, 1n, 2n, "Infinity", "NaN", "1", "1_2", '["1"]', "[1,2]"),
      fc.integer({ min: 1, max: 3 }),
      fc.string({ maxLength: 2 }),
      fc.uint8Array({ maxLength: 2 }),
      fc.dictionary(fc.constantFrom("a", "b"), fc.integer({ min: 0, max: 1 }), { maxKeys: 2 }),
    );
    const grouping = fc.record({ composite: fc.boolean(), rows: fc.array(fc.tuple(keyValue, keyValue), { minLength: 1, maxLength: 5 }) });
    type Grouping = typeof grouping extends fc.Arbitrary<infer T> ? T : never;
    const run = ({ composite, rows }: Grouping) => {
      const builder = (composite ? libraries.createQueryBuilder(Placement, "placed") : dataSource.createQueryBuilder(Book, "placed")) as SelectQueryBuilder<object>;
      const raw: object[] = rows.map(([first, second]) => (composite ? { placed_shelf: first, placed_slot: second } : { placed_id: first }));
      const transformer = new RawSqlResultsToEntityTransformer(builder.expressionMap, builder.connection.driver, []) as unknown as {
        group(rows: object[], alias: unknown): Map<string, object[]>;
      };
      // Each group's identity, and its rows by position.
      return [...transformer.group(raw, builder.expressionMap.mainAlias).entries()].map(([id, members]) => [id, members.map((row) => raw.indexOf(row))]);
    };
    sameWhenInterleaved(grouping, run, 500);
  });

  test("an alias selected whole: its columns to hydrate and its identity keys worked out once, then kept, again for another alias name, entity or driver; a partial selection is never kept", () => {
    const transformer = RawSqlResultsToEntityTransformer.prototype as unknown as Record<"getColumnsToProcessUncached" | "groupKeysOf", () => unknown>;
    const columns = jest.spyOn(transformer, "getColumnsToProcessUncached");
    const keys = jest.spyOn(transformer, "groupKeysOf");
    const workedOut = (builder: SelectQueryBuilder<object>, times: number, driver?: Driver) => {
      columns.mockClear();
      keys.mockClear();
      hydrated(builder, [{ [`${builder.alias}_id`]: 1, [`${builder.alias}_title`]: "t" }], driver);
      expect([columns.mock.calls.length, keys.mock.calls.length]).toEqual([times, times]);
    };
    try {
      const whole = () => dataSource.createQueryBuilder(Book, "hydrated") as SelectQueryBuilder<object>;
      hydrated(whole(), [{ hydrated_id: 1 }]);
      workedOut(whole(), 0);
      workedOut(whole().addSelect("COUNT(*)", "n"), 0);
      workedOut(dataSource.createQueryBuilder(Book, "hydrated2") as SelectQueryBuilder<object>, 1);
      workedOut(dataSource.createQueryBuilder(Review, "hydrated") as SelectQueryBuilder<object>, 1);
      workedOut(whole(), 1, shelves.driver);
      workedOut(whole(), 1);
      const partial = () => dataSource.createQueryBuilder(Book, "hydrated").select(["hydrated.id", "hydrated.title"]) as SelectQueryBuilder<object>;
      hydrated(partial(), [{ hydrated_id: 1 }]);
      columns.mockClear();
      hydrated(partial(), [{ hydrated_id: 1 }]);
      expect(columns).toHaveBeenCalledTimes(1);
    } finally {
      columns.mockRestore();
      keys.mockRestore();
    }
  });

  test("an alias selected whole: hydrated by a function written for its columns, kept with them; a partial selection, columns in an embedded and refused code generation take the published loop", () => {
    const loop = jest.spyOn(ColumnMetadata.prototype, "setEntityValue");
    const assignedByLoop = (builder: SelectQueryBuilder<object>, rows: Array<Record<string, unknown>>) => {
      loop.mockClear();
      hydrated(builder, rows);
      return loop.mock.calls.length;
    };
    try {
      expect(assignedByLoop(dataSource.createQueryBuilder(Book, "written") as SelectQueryBuilder<object>, [{ written_id: 1, written_title: "t" }])).toBe(0);
      expect(assignedByLoop(dataSource.createQueryBuilder(Book, "written").select(["written.id", "written.title"]) as SelectQueryBuilder<object>, [{ written_id: 1, written_title: "t" }])).toBe(2);
      expect(assignedByLoop(libraries.createQueryBuilder(Crate, "written") as SelectQueryBuilder<object>, [{ written_id: "1", written_sizeWidth: 2, written_sizeHeight: 3 }])).toBe(3);
      const refused = () => dataSource.createQueryBuilder(Book, "refused") as SelectQueryBuilder<object>;
      const rows = [{ refused_id: 1, refused_title: "t", refused_year: null }];
      expect(withCodeGenerationRefused(() => assignedByLoop(refused(), rows))).toBe(3);
      // Kept as refused: the loop again, with the same entity a written function gives.
      expect(assignedByLoop(refused(), rows)).toBe(3);
      expect(hydrated(refused(), rows)).toStrictEqual(hydrated(dataSource.createQueryBuilder(Book, "refused2") as SelectQueryBuilder<object>, [{ refused2_id: 1, refused2_title: "t", refused2_year: null }]));
    } finally {
      loop.mockRestore();
    }
  });

  test("a written hydrating function reads a row's values and sets an entity's properties in the published loop's order", () => {
    const shapes: Array<[SelectQueryBuilder<object>, Record<string, unknown>]> = [
      [dataSource.createQueryBuilder(Book, "ordered") as SelectQueryBuilder<object>, { ordered_id: 1, ordered_title: "t", ordered_year: 2001, ordered_created_at: "2026-01-02T03:04:05Z" }],
      [shelves.createQueryBuilder(Shelf, "ordered") as SelectQueryBuilder<object>, { ordered_id: 1, ordered_label: null, ordered_position: 3 }],
      [libraries.createQueryBuilder(Placement, "ordered") as SelectQueryBuilder<object>, { ordered_note: "n", ordered_slot: 2, ordered_shelf: 1 }],
    ];
    const run = () =>
      shapes.map(([builder, row]) => {
        const reads: PropertyKey[] = [];
        const logged = new Proxy(row, { get: (target, key) => (reads.push(key), target[key as string]) });
        const entities = hydrated(builder, [logged]) as object[];
        return { reads, properties: entities.map((entity) => Object.keys(entity)) };
      });
    const { patched, unpatched } = bothWays(run);
    expect(patched).toStrictEqual(unpatched);
  });

  /** The data source's driver replacing a statement's placeholders. */
  function escape(sql: string, parameters: Record<string, unknown>): [string, unknown[]] {
    return (dataSource.driver.escapeQueryWithParameters as unknown as Escape).call(dataSource.driver, sql, parameters);
  }

  test("any statement and parameters: placeholders replaced as the published driver does", () => {
    const key = fc.constantFrom("id", "ids", "a.b", "int", "missing", "x_1");
    const fragment = fc.oneof(
      key.map((name) => `:${name}`),
      key.map((name) => `:...${name}`),
      fc.constantFrom(" = ", "::int", "(", ")", ", ", "'a:b'", ":", "::", " AND ", "$1"),
      fc.string({ maxLength: 4 }),
    );
    const value = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
    const parameters = fc.dictionary(fc.constantFrom("id", "ids", "a.b", "int", "x_1"), value);
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), parameters, (fragments, given) => {
        const sql = fragments.join("");
        // `:...name` needs an array (both versions throw otherwise): give one where the statement spreads it.
        const spreadable = Object.fromEntries(Object.entries(given).map(([name, v]) => [name, sql.includes(`:...${name}`) && !Array.isArray(v) ? [v] : v]));
        // Twice: the second time from the statement's kept split.
        const { patched, unpatched } = bothWays(() => [escape(sql, spreadable), escape(sql, spreadable)]);
        expect(patched).toEqual(unpatched);
      }),
      { numRuns: 2_000 },
    );
  });

  test("a parameter given as a function is called in the statement's order, once per placeholder", () => {
    const { patched, unpatched } = bothWays(() => {
      let calls = 0;
      return escape("SELECT :now, :id, :now, :id", { now: () => `now_${(calls += 1)}`, id: 7 });
    });
    expect(patched).toEqual(unpatched);
    expect(patched).toEqual(["SELECT now_1, $1, now_2, $1", [7]]);
  });
  /** An INSERT of 1–3 rows of `entity` as the stores write one: each column's value given or left to its default. */
  function insertShape(source: () => DataSource, entity: Function, values: fc.Arbitrary<Record<string, unknown>>) {
    return fc.record({
      rows: fc.array(values, { minLength: 1, maxLength: 3 }),
      listed: fc.option(fc.subarray(source().getMetadata(entity).columns.map((column) => column.propertyPath), { minLength: 1 }), { nil: undefined }),
      returning: fc.constantFrom<string | string[] | undefined>(undefined, "*", ["id"]),
      updateEntity: fc.boolean(),
      escaping: fc.boolean(),
      // Parameters set before the values': created parameters skip the names taken.
      preset: fc.subarray(["orm_param_0", "orm_param_2", "title"]),
    }).map((shape) => ({ ...shape, source, entity }));
  }
  const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
  // Built in a test, once the data sources are.
  const insertShapes = () => fc.oneof(
    insertShape(() => dataSource, Book, fc.record({ id: maybe(fc.integer({ min: 1 })), title: maybe(fc.string({ maxLength: 3 })), author: fc.string({ maxLength: 3 }), year: maybe(fc.integer()), isbn: maybe(fc.constantFrom(null, "9780306406157")) })),
    insertShape(() => dataSource, Review, fc.record({ bookId: fc.integer({ min: 1 }), reviewer: maybe(fc.string({ maxLength: 3 })), rate: fc.integer({ min: 1, max: 5 }), createdAt: maybe(fc.date({ noInvalidDate: true })) })),
    insertShape(() => libraries, Crate, fc.record({ id: maybe(fc.bigInt({ min: 1n }).map(String)), contents: maybe(fc.jsonValue()), counts: fc.array(fc.integer(), { maxLength: 2 }), size: maybe(fc.record({ width: maybe(fc.integer()), height: fc.integer() })), library: maybe(fc.record({ id: fc.integer() })) })),
    insertShape(() => libraries, Placement, fc.record({ shelf: fc.integer(), slot: fc.integer(), note: maybe(fc.string({ maxLength: 3 })) })),
  );
  type InsertShape = ReturnType<typeof insertShapes> extends fc.Arbitrary<infer Shape> ? Shape : never;
  function insertBuilder({ source, entity, rows, listed, returning, updateEntity, escaping, preset }: InsertShape): InsertQueryBuilder<object> {
    const builder = source().createQueryBuilder().insert().into(entity, listed).values(rows).updateEntity(updateEntity);
    for (const name of preset) builder.setParameter(name, `preset ${name}`);
    if (!escaping) builder.disableEscaping();
    return returning === undefined ? builder : builder.returning(returning);
  }

  test("any insert, with or without a column list: the same SQL, parameters and columns as the published TypeORM, however the shapes interleave", () => {
    const outcome = (shape: InsertShape) => {
      const builder = insertBuilder(shape);
      const metadata = shape.source().getMetadata(shape.entity);
      try {
        return {
          statement: builder.getQueryAndParameters(),
          inserted: (builder as unknown as { getInsertedColumns(): ColumnMetadata[] }).getInsertedColumns().map((column) => column.propertyPath),
          returned: metadata.getInsertionReturningColumns().map((column) => column.propertyPath),
        };
      } catch (error) {
        return `throws ${String(error)}`;
      }
    };
    sameWhenInterleaved(insertShapes(), outcome, 500);
  });

  test("an insert's columns: worked out once per entity and driver, again for a column list, and never handed out to be changed", async () => {
    // Entities no other test has inserted.
    const fresh = await metadataOnly([Library, Archive, Item, Label, Crate, Placement]);
    const workedOut = jest.spyOn(InsertQueryBuilder.prototype as unknown as Record<"insertedColumnsOf", () => unknown>, "insertedColumnsOf");
    const columnsOf = (builder: InsertQueryBuilder<object>) => (builder as unknown as { getInsertedColumns(): ColumnMetadata[] }).getInsertedColumns();
    const insertOf = (source: DataSource, entity: Function, columns?: string[]) => source.createQueryBuilder().insert().into(entity, columns).values({});
    try {
      columnsOf(insertOf(fresh, Crate));
      workedOut.mockClear();
      const kept = columnsOf(insertOf(fresh, Crate));
      expect(workedOut).not.toHaveBeenCalled();
      kept.pop();
      expect(columnsOf(insertOf(fresh, Crate))).toHaveLength(kept.length + 1);
      columnsOf(insertOf(fresh, Placement));
      columnsOf(insertOf(fresh, Crate, ["counts"]));
      expect(workedOut).toHaveBeenCalledTimes(2);
      // Another driver (Oracle inserts an identity column too): its own list.
      const oracle = insertOf(fresh, Crate);
      Object.defineProperty(oracle, "dataSource", { value: Object.create(fresh, { driver: { value: { options: { type: "oracle" } } } }) });
      expect(columnsOf(oracle).map((column) => column.propertyPath)).toContain("id");
      expect(columnsOf(insertOf(fresh, Crate)).map((column) => column.propertyPath)).not.toContain("id");
      expect(workedOut).toHaveBeenCalledTimes(3);
    } finally {
      workedOut.mockRestore();
    }
  });

  test("an entity's columns by database name, its insertion returning columns and an insert's column list: the published answers, again once the columns change", async () => {
    const source = await metadataOnly([Library, Archive, Item, Label, Crate, Placement]);
    const metadata = source.getMetadata(Crate);
    const names = [...metadata.columns.map((column) => column.databaseName), "unknown", "id "];
    const answers = () => ({
      found: names.map((name) => metadata.findColumnWithDatabaseName(name)),
      returning: metadata.getInsertionReturningColumns(),
      insert: source.createQueryBuilder().insert().into(Crate).values({ counts: [1] }).getQueryAndParameters(),
    });
    const compare = () => {
      const { patched, unpatched } = bothWays(answers);
      patched.found.forEach((column, index) => expect(column).toBe(unpatched.found[index]));
      expect(patched.returning).toEqual(unpatched.returning);
      expect(patched.insert).toEqual(unpatched.insert);
      expect(patched.returning).not.toBe(metadata.getInsertionReturningColumns());
    };
    compare();
    compare();
    metadata.getInsertionReturningColumns().pop();
    compare();
    // A column renamed, then a column added: each is found under its new name.
    const renamed = metadata.columns.find((column) => column.propertyName === "counts")!;
    renamed.databaseName = "tallies";
    names.push("tallies");
    compare();
    expect(metadata.findColumnWithDatabaseName("tallies")).toBe(renamed);
    expect(metadata.findColumnWithDatabaseName("counts")).toBeUndefined();
    expect(answers().insert[0]).toContain('"tallies"');
    const added = Object.assign(Object.create(ColumnMetadata.prototype) as ColumnMetadata, { databaseName: "added", isGenerated: true });
    metadata.columns.push(added);
    names.push("added");
    compare();
    expect(metadata.findColumnWithDatabaseName("added")).toBe(added);
    expect(metadata.getInsertionReturningColumns()).toContain(added);
  });
});
