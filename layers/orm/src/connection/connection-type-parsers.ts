import type pg from "pg";
import parseTimestamp from "postgres-date";
import type { DatabaseDialect } from "./database-dialect";

const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;

// DSQL's keys are BIGINT (the only identity it has); pg returns int8 as a
// string, but the entities' ids are numbers within the API's integer range.
const parseInt8AsNumber = (value: string) => Number(value);

/**
 * Sets how a new connection reads the values the entities hold, on the
 * connection itself rather than as a `types` object of our own: pg's patch
 * keeps a row shape's parsers for a connection's own types, never for a
 * caller's object.
 *
 * timestamptz (every date of the entities) is read by postgres-date 2,
 * pg-types 4's parser, where pg 8's pg-types 2 uses postgres-date 1: the same
 * instants from the same text, read character by character instead of by
 * four regular expressions, in under half the time and garbage (a page of
 * books reads 42 dates).
 */
export function setConnectionTypeParsers(client: pg.PoolClient, dialect: DatabaseDialect): void {
  client.setTypeParser(TIMESTAMPTZ_OID, "text", parseTimestamp);
  if (dialect === "dsql") client.setTypeParser(INT8_OID, "text", parseInt8AsNumber);
}
