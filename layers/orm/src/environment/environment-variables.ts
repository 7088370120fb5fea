/**
 * Every environment variable the functions, the layer, the migrator and
 * `npm start` read: the one place each is named, typed, defaulted and
 * described. Code reads them through `environment()`; the CDK app sets them
 * through `ENV`; docs/environment.md is generated from this table.
 */

/** Who reads a variable. */
export type Reader = "layer" | "functions" | "migrator" | "npm start";
/** Who sets it: the CDK stack, Lambda itself, the user, or `npm start` for the processes it runs. */
export type Setter = "stack" | "lambda" | "user" | "local";

interface Common {
  readonly readBy: readonly Reader[];
  readonly setBy: readonly Setter[];
  readonly description: string;
}

export type VariableSpec = Common &
  (
    | { readonly type: "string"; readonly default?: string }
    | { readonly type: "integer"; readonly default?: number }
    | { readonly type: "boolean"; readonly default?: boolean }
    | { readonly type: "enum"; readonly values: readonly string[]; readonly default?: string }
  );

const LAYER_AND_MIGRATOR = ["layer", "migrator"] as const;

export const ENVIRONMENT_VARIABLES = {
  // How the layer reaches the database.
  DB_TRANSPORT: {
    type: "enum",
    values: ["pg", "data-api"],
    default: "pg",
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["stack", "local"],
    description: "PostgreSQL's wire protocol, or every statement an HTTPS call to the RDS Data API.",
  },
  DB_AUTH: {
    type: "enum",
    values: ["libpq", "secret", "iam", "dsql"],
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["stack", "user"],
    description: "How to log in. Unset: `secret` when DB_SECRET_ARN is set, `libpq` when DATABASE_URL or PG* is.",
  },
  DB_DIALECT: {
    type: "enum",
    values: ["postgres", "dsql"],
    default: "postgres",
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["local"],
    description: "The database's rules. DB_AUTH=dsql implies dsql; set it to run DSQL's schema on plain PostgreSQL.",
  },
  DATABASE_URL: {
    type: "string",
    readBy: [...LAYER_AND_MIGRATOR, "npm start"],
    setBy: ["user", "local"],
    description: "libpq connection URL, postgres://user:password@host:port/database (sslmode, sslrootcert accepted).",
  },
  PGHOST: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "libpq host, as for psql (default localhost)." },
  PGPORT: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "libpq port, as for psql (default 5432)." },
  PGDATABASE: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "libpq database (default: the user name)." },
  PGUSER: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "libpq user (default: USER, then postgres)." },
  PGPASSWORD: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "libpq password." },
  PGSSLMODE: {
    type: "enum",
    values: ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"],
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["user"],
    description: "TLS mode: libpq's default is disable; with an AWS endpoint the default is verify-full.",
  },
  PGSSLROOTCERT: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "Path of the CA bundle that signs the server's certificate." },
  USER: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "The OS user; libpq's fallback user name." },
  DB_PROXY_ENDPOINT: {
    type: "string",
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["stack"],
    description: "RDS Proxy endpoint, host or host:port (DB_AUTH=iam or secret).",
  },
  DB_SECRET_ARN: {
    type: "string",
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["stack"],
    description: "Secrets Manager secret with the database user and password (DB_AUTH=secret, and the Data API).",
  },
  DB_USER: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["stack"], description: "Database user (DB_AUTH=iam or dsql; dsql default bookstore_app)." },
  DB_NAME: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["stack"], description: "Database name (DB_AUTH=iam, secret, and the Data API)." },
  DB_CLUSTER_ARN: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["stack"], description: "Aurora cluster ARN (the Data API)." },
  DSQL_ENDPOINT: {
    type: "string",
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["stack"],
    description: "Aurora DSQL cluster endpoint, <id>.dsql.<region>.on.aws (DB_AUTH=dsql).",
  },
  DSQL_PORT: { type: "integer", default: 5432, readBy: LAYER_AND_MIGRATOR, setBy: ["user"], description: "Aurora DSQL port." },
  DB_SERVER_VERSION: {
    type: "string",
    readBy: LAYER_AND_MIGRATOR,
    setBy: ["stack"],
    description: "The engine version deployed (e.g. 17.9): spares two round trips when a container connects.",
  },
  DB_CONNECT_TIMEOUT_MS: { type: "integer", default: 3_000, readBy: LAYER_AND_MIGRATOR, setBy: ["stack", "user"], description: "Time to open a connection." },
  DB_STATEMENT_TIMEOUT_MS: { type: "integer", default: 5_000, readBy: ["layer"], setBy: ["user"], description: "Client-side limit of one statement (plus 1 s)." },
  DB_MAX_IDLE_MS: {
    type: "integer",
    default: 300_000,
    readBy: ["layer"],
    setBy: ["user"],
    description: "A pooled connection idle longer than this is replaced (Lambda's VPC path drops flows idle 350 s).",
  },
  DB_POOL_SIZE: { type: "integer", default: 1, readBy: ["layer"], setBy: ["local"], description: "Connections per process: 1 in Lambda, more under npm start." },
  DB_APPLICATION_NAME: { type: "string", default: "bookstore", readBy: ["layer"], setBy: ["local"], description: "application_name outside Lambda." },

  // The migrator.
  DB_APP_ROLE: { type: "string", readBy: ["migrator"], setBy: ["stack", "local"], description: "The application's database role (default bookstore_app)." },
  DB_APP_PASSWORD: { type: "string", readBy: ["migrator"], setBy: ["local"], description: "The application role's password, outside AWS." },
  DB_APP_SECRET_ARN: {
    type: "string",
    readBy: ["migrator"],
    setBy: ["stack"],
    description: "Secret holding the application role's name and password.",
  },
  DB_APP_STATEMENT_TIMEOUT_MS: { type: "integer", default: 5_000, readBy: ["migrator"], setBy: ["user"], description: "statement_timeout set on the application role." },
  DB_APP_LOCK_TIMEOUT_MS: {
    type: "integer",
    default: 2_000,
    readBy: ["migrator"],
    setBy: ["user"],
    description:
      "lock_timeout set on the application role (PostgreSQL): how long a request waits for a row another one holds (a twin request with the same Idempotency-Key, a conditional write) before it is answered 409.",
  },
  DB_APP_GRANT_RDS_IAM: {
    type: "boolean",
    default: false,
    readBy: ["migrator"],
    setBy: ["user"],
    description: "Grant rds_iam to the application role (only when nothing logs it in with a password).",
  },
  DB_APP_IAM_ROLE_ARN: {
    type: "string",
    readBy: ["migrator"],
    setBy: ["stack"],
    description: "Comma-separated IAM role ARNs mapped to the application role on DSQL.",
  },
  MIGRATION_STATEMENT_TIMEOUT_MS: { type: "integer", default: 900_000, readBy: ["migrator"], setBy: ["stack"], description: "Client-side limit of one migration statement." },
  MIGRATION_LOCK_TIMEOUT_MS: {
    type: "integer",
    default: 15_000,
    readBy: ["migrator"],
    setBy: ["user"],
    description: "How long a migration's DDL waits for its table lock (lock_timeout) before the step is retried, 5 times, after pauses doubling from a fifteenth of it.",
  },
  MIGRATOR_CONNECT_PATIENCE_MS: {
    type: "integer",
    default: 180_000,
    readBy: ["migrator"],
    setBy: ["user"],
    description: "How long the migrator function keeps trying to reach a database still starting.",
  },

  // The functions.
  CORS_ALLOWED_ORIGINS: {
    type: "string",
    default: "",
    readBy: ["functions"],
    setBy: ["stack", "local"],
    description: "Comma-separated browser origins allowed (scheme://host:* for any port).",
  },
  IDEMPOTENCY_KEY_TTL_SECONDS: {
    type: "integer",
    default: 86_400,
    readBy: ["functions"],
    setBy: ["user"],
    description: "How long the answer to a create sent with an Idempotency-Key is kept for its retries; after that the key is free again.",
  },
  POWERTOOLS_LOG_LEVEL: { type: "string", default: "INFO", readBy: ["functions"], setBy: ["stack", "user"], description: "Log level of the structured logs; at DEBUG a function also writes an access line per request (API Gateway's access log has one at any level)." },
  POWERTOOLS_METRICS_NAMESPACE: {
    type: "string",
    readBy: ["functions"],
    setBy: ["stack"],
    description: "CloudWatch namespace; metrics are off when unset.",
  },
  POWERTOOLS_METRICS_DISABLED: { type: "boolean", default: false, readBy: ["functions"], setBy: ["user"], description: "Switches metrics off." },
  POWERTOOLS_TRACE_ENABLED: { type: "boolean", default: false, readBy: ["functions"], setBy: ["stack"], description: "X-Ray traces (inside Lambda)." },

  // What Lambda sets.
  AWS_REGION: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["lambda"], description: "The region; signers and SDK clients use it." },
  AWS_ACCESS_KEY_ID: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["lambda"], description: "The function role's credentials, for the token signers." },
  AWS_SECRET_ACCESS_KEY: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["lambda"], description: "The function role's credentials, for the token signers." },
  AWS_SESSION_TOKEN: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["lambda"], description: "The function role's credentials, for the token signers." },
  AWS_LAMBDA_FUNCTION_NAME: { type: "string", readBy: ["layer"], setBy: ["lambda"], description: "The function's name, sent as application_name." },
  AWS_ENDPOINT_URL_RDS_DATA: { type: "string", readBy: LAYER_AND_MIGRATOR, setBy: ["local"], description: "Data API endpoint other than AWS's (the local one)." },

  // npm start.
  PORT: { type: "integer", default: 3000, readBy: ["npm start"], setBy: ["user"], description: "Port of the local API." },
  EMBEDDED_PG_PORT: { type: "integer", default: 54329, readBy: ["npm start"], setBy: ["user"], description: "Port of the embedded PostgreSQL." },
  EMBEDDED_PG_DATA_DIR: { type: "string", readBy: ["npm start"], setBy: ["user"], description: "Data folder of the embedded PostgreSQL (default .data/postgres)." },
  DATA_API_PORT: { type: "integer", readBy: ["npm start"], setBy: ["user"], description: "Port of the local Data API endpoint (default: any free one)." },
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof ENVIRONMENT_VARIABLES;

/** Each name as a constant, for code that sets variables (the CDK app, npm start). */
export const ENV = Object.fromEntries(Object.keys(ENVIRONMENT_VARIABLES).map((name) => [name, name])) as { readonly [N in VariableName]: N };
