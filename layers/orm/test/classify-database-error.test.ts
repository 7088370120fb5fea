import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from "typeorm";
import { classifyDatabaseError } from "../src";

const duringQuery = (driverError: object) => new QueryFailedError("SELECT 1", [], Object.assign(new Error("x"), driverError));
const whileConnecting = (fields: object) => Object.assign(new Error("x"), fields);

describe("classifying database errors", () => {
  test.each([
    [duringQuery({ code: "23505", constraint: "c" }), { kind: "unique-violation", constraint: "c" }],
    [duringQuery({ code: "23503", constraint: "review_book_id_fkey" }), { kind: "foreign-key-violation", constraint: "review_book_id_fkey" }],
    [duringQuery({ code: "23514", constraint: "review_rate_range" }), { kind: "check-violation", constraint: "review_rate_range" }],
    [duringQuery({ code: "22P02" }), { kind: "invalid-value", code: "22P02" }],
    [whileConnecting({ code: "28P01" }), { kind: "authentication", code: "28P01" }],
    [duringQuery({ code: "57014" }), { kind: "timeout", mayHaveTakenEffect: false, code: "57014" }],
    [duringQuery({ message: "Query read timeout" }), { kind: "timeout", mayHaveTakenEffect: true, code: "QUERY_TIMEOUT" }],
    [whileConnecting({ message: "timeout exceeded when trying to connect" }), { kind: "timeout", mayHaveTakenEffect: false, code: "CONNECT_TIMEOUT" }],
    [whileConnecting({ code: "ECONNREFUSED" }), { kind: "connection", mayHaveTakenEffect: false, code: "ECONNREFUSED" }],
    [duringQuery({ code: "ECONNRESET" }), { kind: "connection", mayHaveTakenEffect: true, code: "ECONNRESET" }],
    [duringQuery({ code: "EPIPE" }), { kind: "connection", mayHaveTakenEffect: false, code: "EPIPE" }],
    [duringQuery({ message: "Connection terminated unexpectedly" }), { kind: "connection", mayHaveTakenEffect: true, code: "CONNECTION_LOST" }],
    [duringQuery({ message: "Client has encountered a connection error and is not queryable" }), { kind: "connection", mayHaveTakenEffect: false, code: "CONNECTION_LOST" }],
    [duringQuery({ code: "57P01" }), { kind: "connection", mayHaveTakenEffect: false, code: "57P01" }],
    [duringQuery({ code: "08006" }), { kind: "connection", mayHaveTakenEffect: true, code: "08006" }],
    // A statement asked of a query runner TypeORM let go of when its connection failed.
    [new QueryRunnerAlreadyReleasedError(), { kind: "connection", mayHaveTakenEffect: false, code: "CONNECTION_LOST" }],
    [new QueryRunnerProviderAlreadyReleasedError(), { kind: "connection", mayHaveTakenEffect: false, code: "CONNECTION_LOST" }],
    [duringQuery({ code: "42P01" }), { kind: "other" }],
    [new TypeError("boom"), { kind: "other" }],
  ])("%s", (error, expected) => {
    expect(classifyDatabaseError(error)).toEqual(expected);
  });
});
