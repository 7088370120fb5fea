import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import {
  Column,
  CreateDateColumn,
  DataSource,
  DeleteDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  VirtualColumn,
} from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata.js";
import { ENTITIES } from "../src";

// patches/typeorm+<version>.patch declares every property of a ColumnMetadata
// in its constructor, so that every column has one hidden class.
const PROJECT_ROOT = join(__dirname, "..", "..", "..");
const columnMetadataModule = require("typeorm/metadata/ColumnMetadata.js") as { ColumnMetadata: unknown };
const { PublishedColumnMetadata } = require("./typeorm-patches/column-metadata-constructor.js") as { PublishedColumnMetadata: unknown };

@Entity({ name: "maker" })
class Maker {
  @PrimaryColumn({ type: "varchar", length: 20, primaryKeyConstraintName: "maker_pk" })
  code!: string;
}

@Entity({ name: "tag" })
class Tag {
  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })
  id!: number;
}

/** A column of nearly every kind TypeORM knows for PostgreSQL. */
@Entity({ name: "gadget" })
class Gadget {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "label_text", type: "varchar", length: 80, comment: "shown", collation: "C" })
  label!: string;

  @Column({ type: "numeric", precision: 10, scale: 2, default: 0 })
  price!: string;

  @Column({ type: "enum", enum: ["small", "large"], enumName: "gadget_size", nullable: true })
  size!: string | null;

  @Column({ type: "text", array: true, default: () => "'{}'" })
  labels!: string[];

  @Column({ type: "integer", transformer: { to: (value: number) => value, from: (value: number) => value }, select: false, update: false })
  weight!: number;

  @Column({ type: "integer", asExpression: "weight * 2", generatedType: "STORED", insert: false })
  doubled!: number;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ type: "timestamptz", precision: 3 })
  updatedAt!: Date;

  @DeleteDateColumn({ type: "timestamptz" })
  deletedAt!: Date | null;

  @VersionColumn()
  version!: number;

  @VirtualColumn({ type: "integer", query: (alias) => `SELECT 1 FROM "maker" WHERE ${alias}."id" IS NOT NULL` })
  ranked!: number;

  @ManyToOne(() => Maker, { nullable: false })
  maker!: Maker;

  @ManyToMany(() => Tag)
  @JoinTable()
  tags!: Tag[];
}

async function columnsOf(entities: Function[]): Promise<ColumnMetadata[]> {
  const dataSource = new DataSource({ type: "postgres", entities });
  // Metadata only: nothing connects.
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource.entityMetadatas.flatMap((metadata) => metadata.columns);
}

/** As the published constructor leaves them: the patch's own undefined properties left out. */
async function publishedColumnsOf(entities: Function[]): Promise<ColumnMetadata[]> {
  const patched = columnMetadataModule.ColumnMetadata;
  columnMetadataModule.ColumnMetadata = PublishedColumnMetadata;
  try {
    return await columnsOf(entities);
  } finally {
    columnMetadataModule.ColumnMetadata = patched;
  }
}

/** A column's property as a comparable value: related metadata by what names it, functions by their text. */
function comparable(value: unknown): unknown {
  if (typeof value === "function") return String(value);
  if (value && typeof value === "object" && "propertyPath" in value) return `column or relation ${String((value as { propertyPath: unknown }).propertyPath)}`;
  if (value && typeof value === "object" && "tableName" in value) return `entity ${String((value as { tableName: unknown }).tableName)}`;
  return value;
}

const ALL_ENTITIES: Function[][] = [ENTITIES, [Gadget, Maker, Tag]];

describe("the TypeORM patch: one hidden class for every column", () => {
  test("is applied to the installed TypeORM (npm install runs patch-package)", () => {
    const installed = readFileSync(join(PROJECT_ROOT, "node_modules", "typeorm", "metadata", "ColumnMetadata.js"), "utf8");
    expect(installed).toContain("all columns share one hidden class");
    expect(installed).toContain("this.databaseNameWithoutPrefixes = undefined;");
  });

  test.each(ALL_ENTITIES.map((entities) => [entities.map((entity) => entity.name).join(", "), entities] as const))(
    "columns of %s, whatever their options, have the same own properties in the same order",
    async (_names, entities) => {
      const columns = await columnsOf(entities);
      expect(columns.length).toBeGreaterThan(5);
      const keys = new Set(columns.map((column) => Object.keys(column).join(",")));
      expect([...keys]).toHaveLength(1);
    },
  );

  test("and so V8 gives them one hidden class, where the published constructor gives several", async () => {
    setFlagsFromString("--allow-natives-syntax");
    const sameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;
    const columns = (await Promise.all(ALL_ENTITIES.map(columnsOf))).flat();
    expect(columns.filter((column) => !sameMap(column, columns[0] as object))).toEqual([]);
    const published = (await Promise.all(ALL_ENTITIES.map(publishedColumnsOf))).flat();
    expect(published.filter((column) => !sameMap(column, published[0] as object)).length).toBeGreaterThan(0);
  });

  test.each(ALL_ENTITIES.map((entities) => [entities.map((entity) => entity.name).join(", "), entities] as const))(
    "columns of %s get the same values as with the published constructor, and only undefined properties besides",
    async (_names, entities) => {
      const columns = await columnsOf(entities);
      const published = await publishedColumnsOf(entities);
      expect(columns.map((column) => column.propertyPath)).toEqual(published.map((column) => column.propertyPath));
      columns.forEach((column, index) => {
        const reference = published[index] as ColumnMetadata;
        const publishedKeys = Object.keys(reference);
        expect(Object.keys(column)).toEqual(expect.arrayContaining(publishedKeys));
        const added = Object.keys(column).filter((key) => !publishedKeys.includes(key));
        expect(Object.fromEntries(added.map((key) => [key, (column as unknown as Record<string, unknown>)[key]]))).toEqual(
          Object.fromEntries(added.map((key) => [key, undefined])),
        );
        const values = (of: ColumnMetadata) => Object.fromEntries(publishedKeys.map((key) => [key, comparable((of as unknown as Record<string, unknown>)[key])]));
        expect(values(column)).toEqual(values(reference));
      });
    },
  );
});
