import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { BookstoreStack, type DatabaseTarget } from "./bookstore-stack";
import { acknowledgeAcceptedFindings } from "./nag-acknowledgments";
import { ContextError } from "./context-error";
import { profileName } from "./profiles";

export { ContextError };

function targetName(given: unknown): DatabaseTarget {
  const name = given ?? "postgres";
  if (name !== "postgres" && name !== "data-api" && name !== "dsql") throw new ContextError(`-c target=${String(name)} is not one of postgres, data-api, dsql`);
  return name;
}

function positiveIntegerContext(app: App, key: string): number | undefined {
  const value = app.node.tryGetContext(key) as unknown;
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(number) || number < 1) {
    throw new ContextError(`-c ${key} must be a whole number of at least 1, not "${String(value)}"`);
  }
  return number;
}

function booleanContext(app: App, key: string): boolean | undefined {
  const value = app.node.tryGetContext(key) as unknown;
  if (value === undefined) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ContextError(`-c ${key} must be true or false, not "${String(value)}"`);
}

/** The CDK app: the Bookstore stack, env-agnostic (synthesizes with no AWS account), checked by cdk-nag. */
export function createBookstoreApp(props: AppProps = {}): { app: App; stack: BookstoreStack } {
  const app = new App(props);
  const origins = app.node.tryGetContext("corsAllowedOrigins") as string | undefined;
  const stack = new BookstoreStack(app, "Bookstore", {
    description: "Bookstore: API Gateway, Lambda, RDS Proxy and Aurora PostgreSQL Serverless v2",
    profile: profileName(app.node.tryGetContext("profile")),
    target: targetName(app.node.tryGetContext("target")),
    // `-c deletionProtection=false`: the first step of taking a production stack down.
    deletionProtection: booleanContext(app, "deletionProtection"),
    apiReservedConcurrency: positiveIntegerContext(app, "apiReservedConcurrency"),
    alarmEmail: (app.node.tryGetContext("alarmEmail") as string | undefined) || undefined,
    corsAllowedOrigins: origins ? String(origins).split(",").map((origin) => origin.trim()).filter(Boolean) : [],
  });
  acknowledgeAcceptedFindings(stack, { unprotectedAuroraCluster: !stack.deletionProtection && stack.target !== "dsql" });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
