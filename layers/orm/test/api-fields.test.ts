import fc from "fast-check";
import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";
import { Book, Review } from "../src";
import { apiFieldsOf, apiJsonOf } from "../src/entities/api-fields";
import { withCodeGenerationRefused } from "./support/code-generation-refused";

/** An entity's JSON as the API contract reads it: each API field in order, a missing one as null, as JSON.stringify writes it. */
function expectedJsonOf(entity: object): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const { name } of apiFieldsOf(entity.constructor)) json[name] = (entity as Record<string, unknown>)[name] ?? null;
  return json;
}

/** Seen for the first time with code generation refused. */
@Entity({ name: "ledger" })
class Ledger {
  @PrimaryColumn({ type: "integer" })
  id!: number;

  @Column({ type: "varchar", nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}

// Dates valid and invalid (JSON.stringify writes an invalid one as null).
const anyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer(), fc.date({ noInvalidDate: false }), fc.boolean());

describe("an entity's JSON", () => {
  test("holds its API fields in declaration order, a missing one as null, and nothing else", () => {
    const createdAt = new Date("2026-01-02T03:04:05.678Z");
    const book = Object.assign(new Book(), { id: 7, title: "T", author: "A", publisher: "P", year: 2001, createdAt, deletedAt: new Date(), reviews: [] });
    expect(Object.keys(book.toJSON())).toEqual(apiFieldsOf(Book).map(({ name }) => name));
    expect(book.toJSON()).toStrictEqual({ id: 7, title: "T", author: "A", publisher: "P", year: 2001, isbn: null, createdAt: "2026-01-02T03:04:05.678Z", updatedAt: null });
    const review = Object.assign(new Review(), { id: 1, bookId: 7, reviewer: "R", rate: 5, authorSubject: "subject" });
    expect(JSON.parse(JSON.stringify(review))).not.toHaveProperty("authorSubject");
  });

  test("of any values: what the contract reads, key for key and in order, its dates already strings", () => {
    const names = ["id", "title", "year", "isbn", "rate", "review", "authorSubject", "createdAt", "updatedAt", "deletedAt", "extra"];
    fc.assert(
      fc.property(fc.constantFrom(Book, Review), fc.dictionary(fc.constantFrom(...names), anyValue), (entityClass, values) => {
        const entity = Object.assign(new entityClass(), values);
        const json = apiJsonOf(entity);
        expect(JSON.stringify(json)).toBe(JSON.stringify(expectedJsonOf(entity)));
        expect(Object.keys(json)).toEqual(Object.keys(expectedJsonOf(entity)));
        const dateTimes = apiFieldsOf(entityClass).filter(({ type }) => type === "date-time");
        expect(dateTimes.filter(({ name }) => json[name] instanceof Date)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("is the same where code cannot be generated from a string", () => {
    const json = withCodeGenerationRefused(() => apiJsonOf(Object.assign(new Ledger(), { id: 3 })));
    expect(json).toStrictEqual({ id: 3, note: null, createdAt: null });
    const createdAt = new Date("2026-01-02T03:04:05.678Z");
    expect(apiJsonOf(Object.assign(new Ledger(), { id: 4, note: "n", createdAt }))).toStrictEqual({ id: 4, note: "n", createdAt: "2026-01-02T03:04:05.678Z" });
    expect(apiJsonOf(Object.assign(new Ledger(), { id: 5, createdAt: new Date(Number.NaN) }))).toStrictEqual({ id: 5, note: null, createdAt: null });
  });
});
