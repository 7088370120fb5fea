import { DSQL_ROWS_PER_TRANSACTION } from "@bookstore/local";
import { Client } from "pg";
import { useIsolatedDatabase } from "../../support/isolated-database";
import { ownerQuery } from "../../support/owner-database";

useIsolatedDatabase();

// Only the dsql lane runs this file: the local database behaves as DSQL does where the application can tell.
describe("the DSQL-shaped local database", () => {
  test("refuses a transaction that changes more rows than DSQL allows, rows changed by a cascade included", async () => {
    const [{ id }] = (await ownerQuery<{ id: number }>("INSERT INTO book (title, author, publisher, year) VALUES ('Limit', 'A', 'P', 2000) RETURNING id")) as [{ id: number }];
    await ownerQuery("INSERT INTO review (book_id, reviewer, rate) SELECT $1, 'r', 3 FROM generate_series(1, $2::int)", [id, DSQL_ROWS_PER_TRANSACTION]);
    await expect(ownerQuery("INSERT INTO review (book_id, reviewer, rate) SELECT $1, 'r', 3 FROM generate_series(1, $2::int)", [id, DSQL_ROWS_PER_TRANSACTION + 1])).rejects.toMatchObject({
      code: "54000",
    });
    // The book and its 3,000 reviews are 3,001 rows: the cascade counts.
    await expect(ownerQuery("DELETE FROM book WHERE id = $1", [id])).rejects.toMatchObject({ code: "54000" });
    await ownerQuery("DELETE FROM review WHERE book_id = $1 AND id IN (SELECT id FROM review WHERE book_id = $1 LIMIT 10)", [id]);
    await ownerQuery("DELETE FROM book WHERE id = $1", [id]);
  });

  test("runs the application role's transactions at snapshot isolation that sees write collisions, as DSQL does", async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect((await client.query("SHOW transaction_isolation")).rows[0]).toEqual({ transaction_isolation: "serializable" });
    } finally {
      await client.end();
    }
  });
});
