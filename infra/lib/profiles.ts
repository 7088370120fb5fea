import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import { ContextError } from "./context-error";

export type ProfileName = "production" | "dev";

/** What a profile decides; each is a default the stack's props can override. */
export interface Profile {
  readonly deletionProtection: boolean;
  /** What happens to the cluster when the stack deletes or replaces it. */
  readonly clusterRemovalPolicy: RemovalPolicy;
  /** What happens to the secrets (a restored snapshot needs the owner's). */
  readonly secretRemovalPolicy: RemovalPolicy;
  readonly readers: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly backupRetention: Duration;
  readonly logRetention: logs.RetentionDays;
  /** What happens to the user pool (the users, their groups) when the stack deletes or replaces it. */
  readonly userPoolRemovalPolicy: RemovalPolicy;
}

export const PROFILES: Record<ProfileName, Profile> = {
  // Nothing is lost on teardown or replacement; one reader in another AZ
  // turns the loss of the writer into a ~30 s failover.
  production: {
    deletionProtection: true,
    clusterRemovalPolicy: RemovalPolicy.SNAPSHOT,
    secretRemovalPolicy: RemovalPolicy.RETAIN,
    readers: 1,
    minCapacity: 0.5,
    maxCapacity: 4,
    backupRetention: Duration.days(7),
    logRetention: logs.RetentionDays.ONE_MONTH,
    userPoolRemovalPolicy: RemovalPolicy.RETAIN,
  },
  // Cheap and disposable: pauses when idle, no reader, removed with the stack.
  dev: {
    deletionProtection: false,
    clusterRemovalPolicy: RemovalPolicy.DESTROY,
    secretRemovalPolicy: RemovalPolicy.DESTROY,
    readers: 0,
    minCapacity: 0,
    maxCapacity: 2,
    backupRetention: Duration.days(1),
    logRetention: logs.RetentionDays.ONE_WEEK,
    userPoolRemovalPolicy: RemovalPolicy.DESTROY,
  },
};

/** A profile's name as given on the command line (`-c profile=dev`); production when absent. */
export function profileName(given: unknown): ProfileName {
  const name = given ?? "production";
  if (typeof name !== "string" || !(name in PROFILES)) throw new ContextError(`unknown profile "${String(name)}": use ${Object.keys(PROFILES).join(" or ")}`);
  return name as ProfileName;
}
