import { Client } from "pg";
import { dsqlLaneCheck } from "../../support/lanes/dsql-env";

// Only the dsql lane runs this file: it shows that lane's check at work.
test("the dsql lane fails a connection that sends a setting DSQL refuses, naming it", async () => {
  const client = new Client({
    connectionString: process.env.DATABASE_URL,
    application_name: "bookstore",
    // What the layer once sent to make the local database stricter.
    options: "-c default_transaction_isolation=serializable",
  });
  await client.connect();
  try {
    await client.query("SET statement_timeout = 1000");
  } finally {
    await client.end();
  }
  expect(dsqlLaneCheck.violations.splice(0)).toEqual([
    expect.stringMatching(/default_transaction_isolation.*breaks: startup parameter "default_transaction_isolation" \(https:\/\/docs\.aws\.amazon\.com\/aurora-dsql\/.*checked \d{4}-\d{2}-\d{2}\)/),
    expect.stringMatching(/^SET statement_timeout = 1000 breaks: session parameter "statement_timeout"/),
  ]);
});
