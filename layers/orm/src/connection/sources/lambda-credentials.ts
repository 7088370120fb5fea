import { ConfigurationError, environment } from "../../environment";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The function role's credentials as Lambda puts them in the environment,
 * read anew at each signature (Lambda refreshes them in place). Given to
 * the token signers explicitly: the SDK's whole default credential chain
 * would add tens of milliseconds to every cold start for sources a function
 * never has. Fails at once, with `why`, when none are set.
 */
export function lambdaCredentials(why: string): () => Promise<AwsCredentials> {
  const env = () => environment(process.env);
  if (!env().isSet("AWS_ACCESS_KEY_ID") || !env().isSet("AWS_SECRET_ACCESS_KEY")) {
    throw new ConfigurationError("AWS_ACCESS_KEY_ID", why);
  }
  return async () => ({
    accessKeyId: env().required("AWS_ACCESS_KEY_ID", "to sign"),
    secretAccessKey: env().required("AWS_SECRET_ACCESS_KEY", "to sign"),
    sessionToken: env().get("AWS_SESSION_TOKEN"),
  });
}
