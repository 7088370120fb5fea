import { Book } from "@bookstore/orm";
import { Column, getMetadataArgsStorage, Index } from "typeorm";
import { checkMigrations, generateMigration, GenerateRefusedError, MIGRATIONS, type MigrationClass } from "@bookstore/schema-migrator";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCE = join(__dirname, "..", "..", "schema-migrator", "src");
const serverUrl = () => {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error("TEST_SERVER_URL is not set: run through a jest lane");
  return url;
};

let folder: string;
beforeAll(async () => {
  // The migrator's sources, copied: generate writes into the copy, never into the project.
  folder = await mkdtemp(join(tmpdir(), "bookstore-generate-"));
  await cp(SOURCE, folder, { recursive: true });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("npm run migrate -- generate", () => {
  test("with nothing changed, writes nothing", async () => {
    expect(await generateMigration({ name: "nothing-new", target: "postgres", contract: false, serverUrl: serverUrl(), sourceFolder: folder })).toEqual({ written: [] });
  }, 60_000);

  test("refuses a name that is not one", async () => {
    await expect(generateMigration({ name: "Add Subtitle", target: "postgres", contract: false, serverUrl: serverUrl(), sourceFolder: folder })).rejects.toThrow(GenerateRefusedError);
  });

  test("after a column and an index are added to an entity, writes the migrations (the index concurrently, alone) that check then accepts", async () => {
    // The entity change a developer would make in book.ts, made here for this test file only.
    Column({ name: "subtitle", type: "varchar", length: 200, nullable: true })(Book.prototype, "subtitle");
    Index("book_subtitle_id_idx", ["subtitle", "id"])(Book);
    const { written } = await generateMigration({ name: "add-book-subtitle", target: "postgres", contract: false, serverUrl: serverUrl(), sourceFolder: folder, now: () => 1799000000000 });
    expect(written).toEqual(["migrations/1799000000000-add-book-subtitle.ts", "migrations/1799000001000-add-book-subtitle-indexes.ts"]);
    const [column, index] = await Promise.all(written.map((file) => readFile(join(folder, file), "utf8")));
    expect(column).toContain('ALTER TABLE "book" ADD "subtitle" character varying(200)');
    expect(column).toContain('ALTER TABLE "book" DROP COLUMN "subtitle"');
    expect(index).toContain("transaction = false as const;");
    expect(index).toContain('CREATE INDEX CONCURRENTLY "book_subtitle_id_idx" ON "book" ("subtitle", "id")');
    expect(index).toContain('DROP INDEX CONCURRENTLY "public"."book_subtitle_id_idx"');
    const history = await readFile(join(folder, "migration-history.ts"), "utf8");
    expect(history).toMatch(/AddBookSubtitle1799000000000,\n  AddBookSubtitleIndexes1799000001000,\n\];\n\n\/\*\* The DSQL/);

    const generated = await Promise.all(
      written.map(async (file) => Object.values((await import(join(folder, file))) as Record<string, MigrationClass>)[0] as MigrationClass),
    );
    expect(await checkMigrations({ serverUrl: serverUrl(), dialects: ["postgres"], histories: { postgres: [...MIGRATIONS, ...generated] } })).toEqual([]);
  }, 120_000);

  test("refuses a step that narrows or removes, saying why, unless --contract", async () => {
    const title = getMetadataArgsStorage().columns.find((column) => column.target === Book && column.propertyName === "title");
    const length = title?.options.length;
    Object.assign(title?.options ?? {}, { length: 100 });
    try {
      await expect(generateMigration({ name: "shorter-titles", target: "postgres", contract: false, serverUrl: serverUrl(), sourceFolder: folder })).rejects.toThrow(
        /^refusing a step that drops a column: .*Removals ship later, in a migration of their own, once no running release reads the old shape; then pass --contract$/,
      );
    } finally {
      Object.assign(title?.options ?? {}, { length });
    }
  }, 60_000);
});
