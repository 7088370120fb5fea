import { RDSDataClient } from "@aws-sdk/client-rds-data";

/** The cluster and secret a test's local Data API endpoint serves. */
export const CLUSTER = "arn:aws:rds:eu-west-1:123456789012:cluster:bookstore";
export const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bookstore-app-AbCdEf";
/** What every call names: the cluster and the secret. */
export const DATA_API_TARGET = { resourceArn: CLUSTER, secretArn: SECRET };

/** The real SDK client, pointed at a local endpoint, signing with example keys, trying each call once. */
export function localDataApiClient(endpointUrl: string): RDSDataClient {
  return new RDSDataClient({
    region: "eu-west-1",
    endpoint: endpointUrl,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    maxAttempts: 1,
  });
}
