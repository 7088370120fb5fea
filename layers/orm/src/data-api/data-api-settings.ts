import { DatabaseConfigurationError } from "../connection/database-configuration-error";

type Env = Readonly<Record<string, string | undefined>>;

export interface DataApiSettings {
  resourceArn: string;
  secretArn: string;
  database: string;
  region: string;
  /** The service's URL when not AWS's own (AWS_ENDPOINT_URL_RDS_DATA, e.g. the local endpoint). */
  endpoint?: string;
  /**
   * The role's credentials as Lambda puts them in the environment, passed
   * to the client so the SDK's whole credential chain is never loaded.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new DatabaseConfigurationError(name, "is required when DB_TRANSPORT=data-api");
  return value;
}

/** The Data API transport's settings, failing at once on the first one missing. */
export function readDataApiSettings(env: Env): DataApiSettings {
  const resourceArn = required(env, "DB_CLUSTER_ARN");
  if (!/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:.+$/.test(resourceArn)) {
    throw new DatabaseConfigurationError("DB_CLUSTER_ARN", "must be an Aurora cluster ARN (arn:aws:rds:<region>:<account>:cluster:<name>)");
  }
  const secretArn = required(env, "DB_SECRET_ARN");
  if (!/^arn:aws[a-z-]*:secretsmanager:/.test(secretArn)) {
    throw new DatabaseConfigurationError("DB_SECRET_ARN", "must be a Secrets Manager secret ARN");
  }
  return {
    resourceArn,
    secretArn,
    database: required(env, "DB_NAME"),
    region: required(env, "AWS_REGION"),
    endpoint: env.AWS_ENDPOINT_URL_RDS_DATA || undefined,
    credentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
        : undefined,
  };
}

export type Transport = "pg" | "data-api";

/** How the layer reaches the database: PostgreSQL's wire protocol (the default) or the RDS Data API. */
export function chooseTransport(env: Env): Transport {
  const transport = env.DB_TRANSPORT ?? "pg";
  if (transport !== "pg" && transport !== "data-api") {
    throw new DatabaseConfigurationError("DB_TRANSPORT", `"${transport}" is not one of pg, data-api`);
  }
  return transport;
}
