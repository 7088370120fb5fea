/** What Aurora DSQL does not accept, as patterns over one migration statement. */
const UNSUPPORTED: Array<[RegExp, string]> = [
  [/\bFOREIGN\s+KEY\b|\bREFERENCES\b/i, "foreign keys"],
  [/\bCREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+ASYNC\b)/i, "synchronous CREATE INDEX (use CREATE INDEX ASYNC)"],
  [/\bCREATE\s+INDEX\s+ASYNC\b[^;]*\b(ASC|DESC)\b/i, "ASC/DESC in an asynchronous index"],
  [/\b(BIG|SMALL)?SERIAL\b/i, "SERIAL columns (use a BIGINT identity)"],
  [/\bGENERATED\b[^,]*\bAS\s+IDENTITY\b(?![^,]*\bCACHE\s+(1|6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4}|\d{6,})\b)/i, "an identity without CACHE 1 or ≥ 65536"],
  [/\b(integer|int|int4|smallint)\s+GENERATED\b/i, "a non-BIGINT identity"],
  [/\bCREATE\s+SEQUENCE\b/i, "sequences"],
  [/\bTRIGGER\b/i, "triggers"],
  [/\bTRUNCATE\b/i, "TRUNCATE"],
  [/\bSAVEPOINT\b/i, "SAVEPOINT"],
  [/\bTEMP(ORARY)?\s+TABLE\b/i, "temporary tables"],
  [/\bCREATE\s+EXTENSION\b/i, "extensions"],
  [/\bEXCLUDE\s+USING\b/i, "exclusion constraints"],
  [/\bpg_advisory/i, "advisory locks"],
  [/\bPARTITION\s+BY\b|\bINHERITS\b/i, "partitions and inheritance"],
  [/\bLANGUAGE\s+(?!sql\b)\w+/i, "functions in a language other than SQL"],
  [/;\s*\S/, "more than one statement in one call"],
];

/** The DSQL-unsupported features one statement uses; empty when DSQL accepts it. */
export function unsupportedByDsql(statement: string): string[] {
  return UNSUPPORTED.filter(([pattern]) => pattern.test(statement)).map(([, feature]) => feature);
}

/**
 * The one place a DSQL statement is adapted for plain PostgreSQL, where the
 * DSQL-shaped schema runs locally: PostgreSQL has no CREATE INDEX ASYNC (on
 * a fresh table the index is built at once either way).
 */
export function forPostgres(statement: string): string {
  return statement.replace(/\bCREATE\s+(UNIQUE\s+)?INDEX\s+ASYNC\b/gi, (_match, unique: string | undefined) => `CREATE ${unique ?? ""}INDEX`);
}
