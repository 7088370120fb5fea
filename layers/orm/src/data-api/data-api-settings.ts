import { ConfigurationError, environment, type Variables, type VariableSource } from "../environment";

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

function signingCredentials(env: Variables): DataApiSettings["credentials"] {
  const accessKeyId = env.get("AWS_ACCESS_KEY_ID");
  const secretAccessKey = env.get("AWS_SECRET_ACCESS_KEY");
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: env.get("AWS_SESSION_TOKEN") } : undefined;
}

/** The Data API transport's settings, failing at once on the first one missing. */
export function readDataApiSettings(source: VariableSource): DataApiSettings {
  const env = environment(source);
  const when = "when DB_TRANSPORT=data-api";
  const resourceArn = env.required("DB_CLUSTER_ARN", when);
  if (!/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:.+$/.test(resourceArn)) {
    throw new ConfigurationError("DB_CLUSTER_ARN", "must be an Aurora cluster ARN (arn:aws:rds:<region>:<account>:cluster:<name>)");
  }
  const secretArn = env.required("DB_SECRET_ARN", when);
  if (!/^arn:aws[a-z-]*:secretsmanager:/.test(secretArn)) {
    throw new ConfigurationError("DB_SECRET_ARN", "must be a Secrets Manager secret ARN");
  }
  return {
    resourceArn,
    secretArn,
    database: env.required("DB_NAME", when),
    region: env.required("AWS_REGION", when),
    endpoint: env.get("AWS_ENDPOINT_URL_RDS_DATA"),
    credentials: signingCredentials(env),
  };
}

export type Transport = "pg" | "data-api";

/** How the layer reaches the database: PostgreSQL's wire protocol (the default) or the RDS Data API. */
export function chooseTransport(source: VariableSource): Transport {
  return environment(source).get("DB_TRANSPORT");
}
