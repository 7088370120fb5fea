import { QueryFailedError } from "typeorm";
import { explainConnectionFailure, readLibpqSettings, resolveConnectionTuning } from "../src";

const settings = readLibpqSettings({ DATABASE_URL: "postgres://app:secret@db.internal:6432/books" });
const tuning = resolveConnectionTuning({ DB_CONNECT_TIMEOUT_MS: "3000", DB_STATEMENT_TIMEOUT_MS: "5000" });

describe("explaining a failure to connect", () => {
  test("no answer to the login names the connect timeout", () => {
    const error = explainConnectionFailure(new Error("Connection terminated due to connection timeout"), settings, tuning);
    expect(error.message).toBe("no answer from db.internal:6432 within 3000 ms; check DATABASE_URL and DB_CONNECT_TIMEOUT_MS");
  });

  test("a statement initialize() sent that outlived its limit names the statement timeout, not the connect timeout", () => {
    const timedOut = new QueryFailedError("SELECT version()", [], new Error("Query read timeout"));
    const error = explainConnectionFailure(timedOut, settings, tuning);
    expect(error.message).toBe(
      "db.internal:6432 did not answer a statement while connecting (QUERY_TIMEOUT); check DB_STATEMENT_TIMEOUT_MS (5000 ms)",
    );
    expect(error.message).not.toMatch(/DB_CONNECT_TIMEOUT_MS|secret/);
  });
});
