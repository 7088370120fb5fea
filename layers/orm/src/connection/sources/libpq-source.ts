import type { ConnectionSettings } from "../connection-settings";
import { ConfigurationError, environment, type VariableSource } from "../../environment";
import { parseSslMode, readCertificateFile, tlsOptionsFor } from "./tls-options";

/** True when the environment names a database the libpq way. */
export function hasLibpqSettings(source: VariableSource): boolean {
  const env = environment(source);
  return env.isSet("DATABASE_URL") || env.isSet("PGHOST") || env.isSet("PGDATABASE") || env.isSet("PGUSER");
}

interface UrlParts {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: string;
  sslrootcert?: string;
}

function parseDatabaseUrl(raw: string): UrlParts {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError("DATABASE_URL", "is not a valid URL (expected postgres://user:password@host:port/database)");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigurationError("DATABASE_URL", `scheme must be postgres:// or postgresql://, not ${url.protocol}//`);
  }
  const known = new Set(["sslmode", "sslrootcert", "host", "application_name"]);
  for (const key of url.searchParams.keys()) {
    if (!known.has(key)) {
      throw new ConfigurationError("DATABASE_URL", `unsupported parameter "${key}" (supported: ${[...known].join(", ")})`);
    }
  }
  const decode = (value: string, part: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new ConfigurationError("DATABASE_URL", `the ${part} is not correctly percent-encoded`);
    }
  };
  const database = url.pathname.replace(/^\//, "");
  return {
    host: url.searchParams.get("host") ?? (url.hostname ? decode(url.hostname, "host") : undefined),
    port: url.port || undefined,
    user: url.username ? decode(url.username, "user name") : undefined,
    password: url.password ? decode(url.password, "password") : undefined,
    database: database ? decode(database, "database name") : undefined,
    sslmode: url.searchParams.get("sslmode") ?? undefined,
    sslrootcert: url.searchParams.get("sslrootcert") ?? undefined,
  };
}

function parsePort(value: string, setting: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new ConfigurationError(setting, `port "${value}" is not a number between 1 and 65535`);
  }
  return port;
}

/**
 * Settings from DATABASE_URL and the libpq variables, as psql reads them:
 * what the URL says wins, PG* variables fill in the rest.
 */
export function readLibpqSettings(source: VariableSource): ConnectionSettings {
  const env = environment(source);
  const databaseUrl = env.get("DATABASE_URL");
  const url = databaseUrl ? parseDatabaseUrl(databaseUrl) : {};
  const origin = (fromUrl: unknown, variable: string): string =>
    fromUrl !== undefined ? "DATABASE_URL" : variable;

  const user = url.user ?? env.get("PGUSER") ?? env.get("USER") ?? "postgres";
  const sslMode = url.sslmode === undefined ? (env.get("PGSSLMODE") ?? "disable") : parseSslMode(url.sslmode, "DATABASE_URL");
  const rootCertPath = url.sslrootcert ?? env.get("PGSSLROOTCERT");
  const rootCertificate = rootCertPath
    ? readCertificateFile(rootCertPath, origin(url.sslrootcert, "PGSSLROOTCERT"))
    : undefined;

  return {
    source: "libpq",
    host: url.host ?? env.get("PGHOST") ?? "localhost",
    port: parsePort(url.port ?? env.get("PGPORT") ?? "5432", origin(url.port, "PGPORT")),
    database: url.database ?? env.get("PGDATABASE") ?? user,
    user,
    password: url.password ?? env.get("PGPASSWORD"),
    ssl: tlsOptionsFor(sslMode, rootCertificate),
    blame: databaseUrl ? "DATABASE_URL" : "PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE",
  };
}

/** A URL for the libpq settings of an environment: DATABASE_URL as given, or one made from the PG* variables. */
export function libpqUrlOf(source: VariableSource): string {
  const given = environment(source).get("DATABASE_URL");
  if (given) return given;
  const { host, port, user, password, database } = readLibpqSettings(source);
  const url = new URL(`postgres://${encodeURIComponent(host)}:${port}/${encodeURIComponent(database)}`);
  url.username = encodeURIComponent(user);
  if (typeof password === "string") url.password = encodeURIComponent(password);
  return url.toString();
}
