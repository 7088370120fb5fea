/**
 * What Aurora DSQL accepts, in one place: the session parameters it takes
 * and the statements and features it refuses, each rule with the page of
 * the DSQL user guide it comes from and the day it was last checked there.
 * The DSQL migrations are checked against it, and on the dsql test lane so
 * is every connection's startup and every statement the layer, the stores
 * and the migrator send. Re-check a rule against its page before relying on
 * it; change the date when you do.
 */

const GUIDE = "https://docs.aws.amazon.com/aurora-dsql/latest/userguide";

interface Source {
  /** The user guide page the rule comes from. */
  readonly page: string;
  /** When the rule was last checked against that page. */
  readonly checked: string;
}

const SESSION_PARAMETERS_PAGE: Source = { page: `${GUIDE}/accessing.html (Session parameters)`, checked: "2026-12-02" };
const UNSUPPORTED_PAGE: Source = { page: `${GUIDE}/working-with-postgresql-compatibility-unsupported-features.html`, checked: "2026-12-02" };
const INDEX_PAGE: Source = { page: `${GUIDE}/working-with-create-index-async.html`, checked: "2026-12-02" };
const SEQUENCES_PAGE: Source = { page: `${GUIDE}/sequences-identity-columns.html`, checked: "2026-12-02" };
const ALTER_TABLE_PAGE: Source = { page: `${GUIDE}/alter-table-syntax-support.html`, checked: "2026-12-02" };
const CONCURRENCY_PAGE: Source = { page: `${GUIDE}/working-with-concurrency-control.html`, checked: "2026-12-02" };

/**
 * The session parameters DSQL accepts at startup or with SET; anything else
 * is refused with `setting configuration parameter "…" not supported`.
 * Isolation is fixed at REPEATABLE READ and cannot be set. `role` only with
 * SET LOCAL.
 */
export const DSQL_SESSION_PARAMETERS = {
  ...SESSION_PARAMETERS_PAGE,
  accepted: [
    "application_name",
    "client_encoding",
    "datestyle",
    "extra_float_digits",
    "intervalstyle",
    "timezone",
    "search_path",
    "dsql.enable_batched_nestloop",
    "disable_sync_create_index",
    "role",
  ],
  /** The planner switches: enable_hashjoin, enable_seqscan, … */
  acceptedPattern: /^enable_[a-z_]+$/,
} as const;

export interface DsqlRule extends Source {
  /** What DSQL refuses, as it would be said to the developer. */
  readonly refuses: string;
  /** Matches a statement that breaks the rule. */
  readonly pattern: RegExp;
}

const rule = (source: Source, refuses: string, pattern: RegExp): DsqlRule => ({ ...source, refuses, pattern });

/**
 * What DSQL refuses in a statement. No longer here since DSQL took them on:
 * foreign keys (2026-08-26, every referential action, NOT VALID then
 * ALTER TABLE ASYNC … VALIDATE CONSTRAINT on existing tables) and sequences
 * and identity columns (2026-02, with the CACHE rule below).
 */
export const DSQL_STATEMENT_RULES: readonly DsqlRule[] = [
  rule(INDEX_PAGE, "synchronous CREATE INDEX (use CREATE INDEX ASYNC)", /\bCREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+ASYNC\b)/i),
  rule(INDEX_PAGE, "ASC/DESC in an asynchronous index", /\bCREATE\s+(UNIQUE\s+)?INDEX\s+ASYNC\b[^;]*\b(ASC|DESC)\b/i),
  rule(ALTER_TABLE_PAGE, "a synchronous VALIDATE CONSTRAINT (use ALTER TABLE ASYNC … VALIDATE CONSTRAINT)", /\bALTER\s+TABLE\b(?!\s+ASYNC\b)[^;]*\bVALIDATE\s+CONSTRAINT\b/i),
  rule(SEQUENCES_PAGE, "SERIAL columns (use a BIGINT identity)", /\b(BIG|SMALL)?SERIAL\b/i),
  rule(
    SEQUENCES_PAGE,
    "an identity or sequence without CACHE 1 or ≥ 65536",
    /\b(AS\s+IDENTITY|CREATE\s+SEQUENCE)\b(?![^,;]*\bCACHE\s+(1|6553[6-9]|655[4-9]\d|65[6-9]\d\d|6[6-9]\d{3}|[7-9]\d{4}|\d{6,})\b)/i,
  ),
  rule(SEQUENCES_PAGE, "a non-BIGINT identity", /\b(integer|int|int4|smallint)\s+GENERATED\b/i),
  rule(UNSUPPORTED_PAGE, "triggers", /\bCREATE\s+(OR\s+REPLACE\s+)?(CONSTRAINT\s+)?TRIGGER\b/i),
  rule(UNSUPPORTED_PAGE, "TRUNCATE", /^\s*TRUNCATE\b/i),
  rule(UNSUPPORTED_PAGE, "SAVEPOINT", /\b(SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK\s+TO)\b/i),
  rule(UNSUPPORTED_PAGE, "VACUUM", /^\s*VACUUM\b/i),
  rule(UNSUPPORTED_PAGE, "ALTER SYSTEM", /\bALTER\s+SYSTEM\b/i),
  rule(UNSUPPORTED_PAGE, "temporary tables", /\bCREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE\b/i),
  rule(UNSUPPORTED_PAGE, "extensions", /\bCREATE\s+EXTENSION\b/i),
  rule(UNSUPPORTED_PAGE, "more databases", /\bCREATE\s+DATABASE\b/i),
  rule(UNSUPPORTED_PAGE, "tablespaces", /\bCREATE\s+TABLESPACE\b/i),
  rule(UNSUPPORTED_PAGE, "materialized views", /\bCREATE\s+MATERIALIZED\s+VIEW\b/i),
  rule(UNSUPPORTED_PAGE, "CREATE TYPE", /\bCREATE\s+TYPE\b/i),
  rule(UNSUPPORTED_PAGE, "exclusion constraints", /\bEXCLUDE\s+USING\b/i),
  rule(UNSUPPORTED_PAGE, "partitions and inheritance", /\bPARTITION\s+BY\b|\bINHERITS\b/i),
  rule(UNSUPPORTED_PAGE, "CREATE TABLE … AS SELECT", /\bCREATE\s+TABLE\b[^;(]*\bAS\s+SELECT\b/i),
  rule(UNSUPPORTED_PAGE, "functions in a language other than SQL (PL/pgSQL included)", /\bLANGUAGE\s+(?!sql\b)\w+/i),
  rule(UNSUPPORTED_PAGE, "advisory locks", /\bpg_(try_)?advisory/i),
  rule(CONCURRENCY_PAGE, "an isolation level other than REPEATABLE READ", /\bISOLATION\s+LEVEL\s+(?!REPEATABLE\s+READ\b)/i),
  rule(CONCURRENCY_PAGE, "row locks other than FOR UPDATE", /\bFOR\s+(NO\s+KEY\s+UPDATE|KEY\s+SHARE|SHARE)\b/i),
  rule(SESSION_PARAMETERS_PAGE, "more than one statement in one call (one DDL statement per transaction)", /;\s*\S/),
];

// Local stand-ins for DSQL-only syntax mark what they replaced, so the
// statements sent to the local DSQL-shaped database can be checked as DSQL
// would have received them.
const ASYNC_MARK = "/* dsql: ASYNC */";

/**
 * The one place a DSQL statement is adapted for plain PostgreSQL, where the
 * DSQL-shaped schema runs locally: PostgreSQL has no CREATE INDEX ASYNC and
 * no ALTER TABLE ASYNC (locally the work is done at once either way).
 */
export function forPostgres(statement: string): string {
  return statement
    .replace(/\bCREATE\s+(UNIQUE\s+)?INDEX\s+ASYNC\b/gi, (_match, unique: string | undefined) => `CREATE ${unique ?? ""}INDEX ${ASYNC_MARK}`)
    .replace(/\bALTER\s+TABLE\s+ASYNC\b/gi, `ALTER TABLE ${ASYNC_MARK}`);
}

/** A statement as DSQL would have received it, before forPostgres. */
function asSentToDsql(statement: string): string {
  return statement
    .replace(/\bCREATE\s+(UNIQUE\s+)?INDEX\s+\/\* dsql: ASYNC \*\//gi, (_match, unique: string | undefined) => `CREATE ${unique ?? ""}INDEX ASYNC`)
    .replace(/\bALTER\s+TABLE\s+\/\* dsql: ASYNC \*\//gi, "ALTER TABLE ASYNC");
}

function parameterAccepted(name: string): boolean {
  const lower = name.toLowerCase();
  return (DSQL_SESSION_PARAMETERS.accepted as readonly string[]).includes(lower) || DSQL_SESSION_PARAMETERS.acceptedPattern.test(lower);
}

/** The session parameters a SET statement or an `options` startup string sets. */
function parametersSetBy(statement: string): string[] {
  const set = /^\s*SET\s+(?:SESSION\s+|LOCAL\s+)?(?!TRANSACTION\b|SESSION\s+CHARACTERISTICS\b)([a-z_.]+)/i.exec(statement);
  const configured = [...statement.matchAll(/\bset_config\s*\(\s*'([a-z_.]+)'/gi)].map((match) => match[1] as string);
  return [...(set ? [set[1] as string] : []), ...configured];
}

/** What one statement breaks of DSQL's rules, each with the page that says so; empty when DSQL accepts it. */
export function dsqlStatementViolations(sent: string): string[] {
  const statement = asSentToDsql(sent);
  const refused = DSQL_STATEMENT_RULES.filter((candidate) => candidate.pattern.test(statement)).map(
    (broken) => `${broken.refuses} (${broken.page}, checked ${broken.checked})`,
  );
  const parameters = parametersSetBy(statement)
    .filter((name) => !parameterAccepted(name))
    .map((name) => `session parameter "${name}" (${DSQL_SESSION_PARAMETERS.page}, checked ${DSQL_SESSION_PARAMETERS.checked})`);
  return [...refused, ...parameters];
}

/**
 * What a connection's startup parameters (node-postgres's startup message:
 * user, database, application_name, options, statement_timeout, …) break of
 * DSQL's rules. `-c name=value` inside `options` counts as setting `name`.
 */
export function dsqlStartupViolations(startup: Readonly<Record<string, unknown>>): string[] {
  const names = Object.entries(startup).flatMap(([name, value]) => {
    if (name === "user" || name === "database" || name === "replication") return [];
    if (name !== "options") return [name];
    return [...String(value).matchAll(/(?:-c\s*|--)([a-z_.]+)=/gi)].map((match) => match[1] as string);
  });
  return names
    .filter((name) => !parameterAccepted(name))
    .map((name) => `startup parameter "${name}" (${DSQL_SESSION_PARAMETERS.page}, checked ${DSQL_SESSION_PARAMETERS.checked})`);
}
