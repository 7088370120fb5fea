import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { embeddedDataDir } from "../src/aurora-postgres/local-database";

const CHECKOUT = resolve(__dirname, "..", "..");

describe("embeddedDataDir", () => {
  test("EMBEDDED_PG_DATA_DIR, resolved, when it is set", () => {
    expect(embeddedDataDir({ EMBEDDED_PG_DATA_DIR: "some/where" })).toBe(resolve("some/where"));
  });

  test("else .data/postgres in the checkout, or a folder named after the checkout where the server's OS user cannot enter it", () => {
    const ownFolder = `bookstore-${createHash("sha256").update(CHECKOUT).digest("hex").slice(0, 12)}`;
    expect([join(CHECKOUT, ".data", "postgres"), join("/var/tmp", ownFolder, "postgres")]).toContain(embeddedDataDir({}));
  });
});
