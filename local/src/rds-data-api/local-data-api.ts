import { DataApiEndpoint } from "./data-api-endpoint";

/** The ARNs the local Data API endpoint answers to, as a deployed cluster's would look. */
export const LOCAL_DATA_API = {
  resourceArn: "arn:aws:rds:us-east-1:000000000000:cluster:bookstore-local",
  appSecretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:bookstore-local-app",
  ownerSecretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:bookstore-local-owner",
  region: "us-east-1",
} as const;

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A local endpoint whose secrets hold the application role's (and, when given, the owner's) credentials for this database. */
export function startLocalDataApi(appUrl: string, ownerUrl?: string, port?: number): Promise<DataApiEndpoint> {
  return DataApiEndpoint.start({
    resourceArn: LOCAL_DATA_API.resourceArn,
    secrets: { [LOCAL_DATA_API.appSecretArn]: appUrl, ...(ownerUrl ? { [LOCAL_DATA_API.ownerSecretArn]: ownerUrl } : {}) },
    port,
  });
}

/**
 * The environment the handlers run with on the data-api target: the
 * cluster, the secret, the database, and the endpoint in place of AWS's.
 * The credentials only sign requests; the local endpoint checks their form.
 */
export function dataApiEnvironment(endpointUrl: string, appUrl: string, secretArn: string = LOCAL_DATA_API.appSecretArn): Record<string, string> {
  return {
    DB_TRANSPORT: "data-api",
    DB_CLUSTER_ARN: LOCAL_DATA_API.resourceArn,
    DB_SECRET_ARN: secretArn,
    DB_NAME: databaseOf(appUrl),
    AWS_REGION: LOCAL_DATA_API.region,
    AWS_ACCESS_KEY_ID: "AKIALOCALDATAAPI0000",
    AWS_SECRET_ACCESS_KEY: "local-data-api-signing-key-not-a-secret",
    AWS_ENDPOINT_URL_RDS_DATA: endpointUrl,
  };
}
