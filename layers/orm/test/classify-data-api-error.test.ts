import { classifyDatabaseError } from "../src/errors/classify-database-error";

/** An error shaped as the AWS SDK throws them: a name, a message, `$metadata`, and `$fault` for service errors. */
function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}

describe("classifyDatabaseError over the Data API", () => {
  test.each([
    ["a unique violation", sdkError("DatabaseErrorException", 'ERROR: duplicate key value violates unique constraint "book_pkey"\n  Detail: Key (id)=(1) already exists.; SQLState: 23505'), { kind: "unique-violation", constraint: "book_pkey" }],
    ["a foreign key violation", sdkError("DatabaseErrorException", 'ERROR: insert or update on table "review" violates foreign key constraint "review_book_id_fkey"; SQLState: 23503'), { kind: "foreign-key-violation", constraint: "review_book_id_fkey" }],
    ["a check violation", sdkError("DatabaseErrorException", 'ERROR: new row for relation "review" violates check constraint "review_rate_range"; SQLState: 23514'), { kind: "check-violation", constraint: "review_rate_range" }],
    ["a value out of range", sdkError("DatabaseErrorException", 'ERROR: value "99999999999" is out of range for type integer; SQLState: 22003'), { kind: "invalid-value", code: "22003" }],
    ["the statement's session terminated", sdkError("DatabaseErrorException", "ERROR: terminating connection due to administrator command; SQLState: 57P01"), { kind: "connection", mayHaveTakenEffect: false, code: "57P01" }],
    ["the database's connection failed under the statement", sdkError("DatabaseErrorException", "ERROR: connection failure; SQLState: 08006"), { kind: "connection", mayHaveTakenEffect: true, code: "08006" }],
    ["a syntax error (ours)", sdkError("DatabaseErrorException", 'ERROR: syntax error at or near "SELEC"\n  Position: 1; SQLState: 42601'), { kind: "other" }],
    ["the statement timeout", sdkError("StatementTimeoutException", "The statement timed out", { dbConnectionId: 7 }), { kind: "timeout", mayHaveTakenEffect: false, code: "StatementTimeoutException" }],
    ["a resuming cluster", sdkError("DatabaseResumingException", "resuming"), { kind: "connection", mayHaveTakenEffect: false, code: "DatabaseResumingException" }],
    ["an expired transaction", sdkError("TransactionNotFoundException", "Transaction x is not found"), { kind: "connection", mayHaveTakenEffect: false, code: "TransactionNotFoundException" }],
    ["a service fault", sdkError("InternalServerErrorException", "", { $fault: "server" }), { kind: "connection", mayHaveTakenEffect: true, code: "InternalServerErrorException" }],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED", $metadata: {} }), { kind: "connection", mayHaveTakenEffect: false, code: "ECONNREFUSED" }],
    ["a wrapped refused connection", Object.assign(new Error("AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1"), { $metadata: {} }), { kind: "connection", mayHaveTakenEffect: false, code: "ECONNREFUSED" }],
    ["a connection reset mid-call", Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET", $metadata: {} }), { kind: "connection", mayHaveTakenEffect: true, code: "ECONNRESET" }],
    ["a refused secret", sdkError("InvalidSecretException", "bad secret"), { kind: "configuration", setting: "DB_SECRET_ARN", code: "InvalidSecretException" }],
    ["the Data API off on the cluster", sdkError("HttpEndpointNotEnabledException", "HttpEndpoint is not enabled"), { kind: "configuration", setting: "DB_CLUSTER_ARN", code: "HttpEndpointNotEnabledException" }],
    ["an unknown cluster", sdkError("BadRequestException", "resourceArn arn:aws:rds:… is not a cluster"), { kind: "configuration", setting: "DB_CLUSTER_ARN", code: "BadRequestException" }],
  ])("%s", (_name, error, expected) => {
    expect(classifyDatabaseError(error)).toEqual(expected);
  });
});
