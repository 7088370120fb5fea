import type { ConnectionSettings } from "../connection-settings";
import { ConfigurationError, environment, type VariableSource } from "../../environment";
import { awsTlsOptions, splitEndpoint } from "./aws-tls-options";
import { lambdaCredentials } from "./lambda-credentials";

/**
 * IAM database authentication: no password anywhere. Each new physical
 * connection gets a token freshly signed with the function's role
 * (`@aws-sdk/rds-signer`, local and ≈2 ms), so no token is ever reused,
 * let alone after the 10 minutes we allow of its 15-minute life.
 */
export async function readIamSettings(source: VariableSource): Promise<ConnectionSettings> {
  const env = environment(source);
  const when = "when DB_AUTH=iam";
  const endpoint = splitEndpoint(env.required("DB_PROXY_ENDPOINT", when));
  if (!endpoint.host) {
    throw new ConfigurationError("DB_PROXY_ENDPOINT", "must be a host name, optionally followed by :port");
  }
  const user = env.required("DB_USER", when);
  const region = env.required("AWS_REGION", when);
  const credentials = lambdaCredentials("IAM mode signs with the credentials Lambda sets in the environment; none are set");
  const port = endpoint.port ?? 5432;
  const ssl = await awsTlsOptions(source);
  const { Signer } = await import("@aws-sdk/rds-signer");
  const signer = new Signer({ hostname: endpoint.host, port, username: user, region, credentials });
  return {
    source: "iam",
    host: endpoint.host,
    port,
    database: env.required("DB_NAME", when),
    user,
    password: () => signer.getAuthToken(),
    ssl,
    blame: "DB_AUTH=iam (DB_PROXY_ENDPOINT, DB_USER and the function's IAM role)",
  };
}
