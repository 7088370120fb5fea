import type { DatabaseDialect } from "./database-dialect";

/** Where the connection settings came from; named in every error message. */
export type SettingsSource = "libpq" | "secrets-manager" | "iam" | "dsql";

/** TLS as pg takes it: verify against `ca` (or the system roots) unless told not to. */
export interface TlsSettings {
  rejectUnauthorized: boolean;
  ca?: string;
  /** Set to skip the host name check (libpq's verify-ca). */
  checkServerIdentity?: () => undefined;
}

/** Supplies the password for each new physical connection. */
export type PasswordProvider = () => Promise<string>;

export interface ConnectionSettings {
  source: SettingsSource;
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string | PasswordProvider;
  /** `false` for plain TCP. */
  ssl: false | TlsSettings;
  /** The setting(s) a failure to connect is blamed on, e.g. `DATABASE_URL`. */
  blame: string;
  /**
   * Called once when the server rejects the credentials; resolves to true
   * when fresh credentials were loaded and a retry can succeed (rotation).
   */
  refreshCredentials?: () => Promise<boolean>;
}

/** Timeouts and pool behaviour; defaults sit well below a Lambda timeout. */
export interface ConnectionTuning {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /** A pooled connection idle longer than this is replaced before use. */
  maxIdleMs: number;
  /**
   * Connections per process: 1 in Lambda, where a container serves one
   * request at a time; more where one process stands in for many
   * containers (`npm start`, the tests).
   */
  poolSize: number;
  applicationName: string;
  /** The database's rules (DB_DIALECT, or dsql with DB_AUTH=dsql). */
  dialect: DatabaseDialect;
  /** The server's PostgreSQL version when known in advance (DB_SERVER_VERSION, e.g. 17.9). */
  serverVersion?: string;
}
