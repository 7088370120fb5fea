import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installedVersion, PROJECT_ROOT } from "./support/installed-packages";

// pg's Result and TypeOverrides, which patches/pg+<version>.patch changes (pg's published types leave their internals out).
interface Field {
  name: string;
  dataTypeID: number;
  format: "text" | "binary";
}
interface Result {
  fields: Field[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: object | null;
  addFields(fields: Field[]): void;
  parseRow(values: Array<string | null>): Record<string, unknown>;
}
type ResultClass = new (rowMode: string | undefined, types: unknown) => Result;
type Parse = (value: string) => unknown;
interface Types {
  setTypeParser(oid: number, format: "text" | "binary", parse: Parse): void;
  getTypeParser(oid: number, format?: "text" | "binary"): Parse;
}

const PatchedResult = require("pg/lib/result.js") as ResultClass;
const PublishedResult = require("./pg-patches/result.js") as ResultClass;
const TypeOverrides = require("pg/lib/type-overrides.js") as new (types?: unknown) => Types;
const pgTypes = require("pg-types") as Types;

/** Fresh descriptions of `columns`, as pg's protocol parser makes them for each row description. */
const fieldsOf = (columns: Array<Omit<Field, "format"> & { format?: Field["format"] }>): Field[] => columns.map((column) => ({ format: "text", ...column }));

/** A parsed value with its type, so that a Date is compared by its time and not as an object. */
const typed = (value: unknown) => (value instanceof Date ? ["Date", value.getTime()] : [typeof value, value]);

/** The rows a result of `fields` gives: their entries in order, with each value's type, and their prototypes. */
function rowsOf(ResultOf: ResultClass, types: unknown, fields: Field[], values: Array<Array<string | null>>) {
  const result = new ResultOf(undefined, types);
  result.addFields(fields);
  const rows = values.map((row) => result.parseRow(row));
  return {
    rows: rows.map((row) => Object.entries(row).map(([key, value]) => [key, typed(value)])),
    prototypes: rows.map((row) => Object.getPrototypeOf(row) as unknown),
    names: result.fields.map((field) => field.name),
  };
}

describe("the pg patch: a result's parsers and empty row worked out once per row shape", () => {
  test("is applied to the installed pg (npm install runs patch-package)", () => {
    const installed = readFileSync(join(PROJECT_ROOT, "node_modules", "pg", "lib", "result.js"), "utf8");
    expect(installed).toContain("const fieldMetadataCache = new WeakMap()");
    expect(installed).toContain("fieldDescriptions[i].name = cached.names[i]");
    expect(readFileSync(join(PROJECT_ROOT, "node_modules", "pg", "lib", "type-overrides.js"), "utf8")).toContain("this.__typeParserVersion");
    expect(readFileSync(join(PROJECT_ROOT, "patches", `pg+${installedVersion("pg")}.patch`), "utf8")).toContain("fieldMetadataCache");
  });

  test("is compared with the published Result of the installed release", () => {
    // Taking up another pg release means copying its lib/result.js here again.
    const reference = readFileSync(join(__dirname, "pg-patches", "result.js"), "utf8");
    expect(/^\/\/ pg (\S+)'s /.exec(reference)?.[1]).toBe(installedVersion("pg"));
  });

  test("a shape's parsers and empty row: worked out once per types and shape, again after a parser is set on the client's types or on pg's own", () => {
    const types = new TypeOverrides();
    const columns = [
      { name: "id", dataTypeID: 23 },
      { name: "title", dataTypeID: 25 },
    ];
    const first = new PatchedResult(undefined, types);
    first.addFields(fieldsOf(columns));
    const again = new PatchedResult(undefined, types);
    again.addFields(fieldsOf(columns));
    expect(again._parsers).toBe(first._parsers);
    expect(again._prebuiltEmptyResultObject).toBe(first._prebuiltEmptyResultObject);
    expect(again.parseRow(["42", "Kindred"])).toEqual({ id: 42, title: "Kindred" });

    const otherTypes = new PatchedResult(undefined, new TypeOverrides());
    otherTypes.addFields(fieldsOf(columns));
    expect(otherTypes._parsers).not.toBe(first._parsers);

    types.setTypeParser(23, "text", (value) => `client:${value}`);
    const afterClientParser = new PatchedResult(undefined, types);
    afterClientParser.addFields(fieldsOf(columns));
    expect(afterClientParser._parsers).not.toBe(first._parsers);
    expect(afterClientParser.parseRow(["42", "Kindred"])).toEqual({ id: "client:42", title: "Kindred" });

    const published = pgTypes.getTypeParser(25, "text");
    pgTypes.setTypeParser(25, "text", (value) => `module:${value}`);
    try {
      const afterModuleParser = new PatchedResult(undefined, types);
      afterModuleParser.addFields(fieldsOf(columns));
      expect(afterModuleParser.parseRow(["42", "Kindred"])).toEqual({ id: "client:42", title: "module:Kindred" });
    } finally {
      pgTypes.setTypeParser(25, "text", published);
    }
    const afterRestored = new PatchedResult(undefined, types);
    afterRestored.addFields(fieldsOf(columns));
    expect(afterRestored.parseRow(["42", "Kindred"])).toEqual({ id: "client:42", title: "Kindred" });
  });

  test("a column's name, type and format each tell one shape from another", () => {
    const types = new TypeOverrides();
    const rowOf = (field: Field, value: string) => {
      const result = new PatchedResult(undefined, types);
      result.addFields([field]);
      return result.parseRow([value]);
    };
    expect(rowOf({ name: "a", dataTypeID: 16, format: "text" }, "f")).toEqual({ a: false });
    expect(rowOf({ name: "a", dataTypeID: 16, format: "binary" }, "f")).toEqual({ a: true });
    expect(rowOf({ name: "a", dataTypeID: 25, format: "text" }, "f")).toEqual({ a: "f" });
    expect(rowOf({ name: "b", dataTypeID: 25, format: "text" }, "f")).toEqual({ b: "f" });
  });

  test("a types object of the caller's own (the DSQL connection's) takes the published path: asked for every column of every result", () => {
    let asked = 0;
    const own = {
      getTypeParser: (oid: number) => {
        asked += 1;
        return oid === 20 ? Number : (value: string) => value;
      },
    };
    for (const types of [own, new TypeOverrides(own)]) {
      asked = 0;
      for (let i = 0; i < 3; i += 1) {
        const result = new PatchedResult(undefined, types);
        result.addFields(fieldsOf([{ name: "id", dataTypeID: 20 }]));
        expect(result.parseRow(["7"])).toEqual({ id: 7 });
      }
      expect(asked).toBe(3);
    }
  });

  test("at most 1,000 shapes kept for one types object", () => {
    const types = new TypeOverrides();
    const shape = (i: number) => fieldsOf([{ name: `column_${i}`, dataTypeID: 23 }]);
    const parsersOf = (i: number) => {
      const result = new PatchedResult(undefined, types);
      result.addFields(shape(i));
      return result._parsers;
    };
    const first = parsersOf(0);
    for (let i = 1; i < 999; i += 1) parsersOf(i);
    expect(parsersOf(0)).toBe(first);
    for (let i = 999; i <= 1_000; i += 1) parsersOf(i);
    expect(parsersOf(0)).not.toBe(first);
  });

  test("any shapes, rows and parsers set between results: the same rows, keys, prototypes and field names as the published Result, however the shapes interleave", () => {
    const columnTypes: Array<{ oid: number; format: Field["format"]; value: fc.Arbitrary<string> }> = [
      { oid: 23, format: "text", value: fc.integer().map(String) },
      { oid: 25, format: "text", value: fc.string() },
      { oid: 25, format: "binary", value: fc.string() },
      { oid: 16, format: "text", value: fc.constantFrom("t", "f") },
      // Read as bytes: "f" is true.
      { oid: 16, format: "binary", value: fc.constantFrom("t", "f") },
      { oid: 701, format: "text", value: fc.double().map(String) },
      { oid: 20, format: "text", value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String) },
      {
        oid: 1184,
        format: "text",
        value: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString().replace("T", " ").replace("Z", "+00")),
      },
      // No parser: the value as it came.
      { oid: 999_999, format: "text", value: fc.string() },
    ];
    // Mostly a few names, so that shapes differing only in a column's type or format meet.
    const name = fc.oneof(
      { arbitrary: fc.constantFrom("id", "__proto__", "1"), weight: 4 },
      { arbitrary: fc.constantFrom("constructor", "toString", "0", "book_id", "Book_title", "reviewCount"), weight: 1 },
      { arbitrary: fc.string({ minLength: 1, maxLength: 10 }).filter((text) => !text.includes("\0")), weight: 1 },
    );
    const shape = fc.array(fc.record({ name, type: fc.nat({ max: columnTypes.length - 1 }) }), { maxLength: 6 });
    const step = (shapes: Array<Array<{ name: string; type: number }>>) =>
      fc.nat({ max: shapes.length - 1 }).chain((index) =>
        fc.record({
          shape: fc.constant(index),
          rows: fc.array(fc.tuple(...shapes[index]!.map((column) => fc.option(columnTypes[column.type]!.value, { nil: null }))), { maxLength: 3 }),
          // The client's types, or none (pg's own module, shared with every other run).
          clientTypes: fc.boolean(),
          parserSet: fc.constantFrom(undefined, undefined, undefined, "client", "module"),
        }),
      );
    const run = fc.array(shape, { minLength: 1, maxLength: 4 }).chain((shapes) => fc.tuple(fc.constant(shapes), fc.array(step(shapes), { minLength: 1, maxLength: 12 })));
    const publishedInt4 = pgTypes.getTypeParser(23, "text");
    fc.assert(
      fc.property(run, ([shapes, steps]) => {
        const patchedTypes = new TypeOverrides();
        const publishedTypes = new TypeOverrides();
        try {
          steps.forEach(({ shape: index, rows, clientTypes, parserSet }, at) => {
            if (parserSet === "client") {
              for (const types of [patchedTypes, publishedTypes]) types.setTypeParser(23, "text", (value) => `client ${at}:${value}`);
            }
            if (parserSet === "module") pgTypes.setTypeParser(23, "text", (value) => `module ${at}:${value}`);
            const columns = () => fieldsOf(shapes[index]!.map((column) => ({ name: column.name, dataTypeID: columnTypes[column.type]!.oid, format: columnTypes[column.type]!.format })));
            const patched = rowsOf(PatchedResult, clientTypes ? patchedTypes : undefined, columns(), rows);
            const published = rowsOf(PublishedResult, clientTypes ? publishedTypes : undefined, columns(), rows);
            expect(patched).toStrictEqual(published);
            expect(patched.names).toEqual(shapes[index]!.map((column) => column.name));
          });
        } finally {
          pgTypes.setTypeParser(23, "text", publishedInt4);
        }
      }),
      { numRuns: 500 },
    );
  });
});
