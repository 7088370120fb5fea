import { statementError } from "../src/rds-data-api/data-api-error";

describe("how the local Data API answers a statement that failed", () => {
  test("PostgreSQL's error, as DatabaseErrorException with its SQLSTATE", () => {
    const error = statementError({ message: 'duplicate key value violates unique constraint "book_pkey"', code: "23505", detail: "Key (id)=(1) already exists." });
    expect({ type: error.errorType, message: error.message }).toEqual({
      type: "DatabaseErrorException",
      message: 'ERROR: duplicate key value violates unique constraint "book_pkey"\n  Detail: Key (id)=(1) already exists.; SQLState: 23505',
    });
  });

  test.each([
    ["a socket error", { message: "read ECONNRESET", code: "ECONNRESET" }],
    ["the connection ended", { message: "Connection terminated unexpectedly" }],
  ])("%s under it, as DatabaseUnavailableException: never a SQLSTATE the service would not send", (_, failure) => {
    const error = statementError(failure);
    expect({ type: error.errorType, message: error.message }).toEqual({ type: "DatabaseUnavailableException", message: "the connection to the database was lost" });
  });
});
