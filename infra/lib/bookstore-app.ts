import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { BookstoreApiStack } from "./api-stack";
import { BookstoreDataStack, type DatabaseTarget } from "./data-stack";
import { BookstoreSchemaStack } from "./schema-stack";
import { acknowledgeAcceptedFindings } from "./nag-acknowledgments";
import { ContextError } from "./context-error";
import { PROFILES, profileName } from "./profiles";
import { STACK_NAMES } from "./stack-names";

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

export { STACK_NAMES };

export interface BookstoreApp {
  app: App;
  data: BookstoreDataStack;
  schema: BookstoreSchemaStack;
  api: BookstoreApiStack;
}

/**
 * The CDK app: three stacks by owner, env-agnostic (they synthesize with no
 * AWS account), checked by cdk-nag. The database team's BookstoreData (the
 * database) and BookstoreSchema (the ORM layer, the migrator, the release
 * parameters), the API team's BookstoreApi. `cdk deploy --all` deploys them
 * in that order; each deploys alone with `--exclusively`.
 */
export function createBookstoreApp(props: AppProps = {}): BookstoreApp {
  const app = new App(props);
  const origins = app.node.tryGetContext("corsAllowedOrigins") as string | undefined;
  const profile = PROFILES[profileName(app.node.tryGetContext("profile"))];
  const target = targetName(app.node.tryGetContext("target"));
  // `-c deletionProtection=false`: the first step of taking a production stack down.
  const deletionProtection = booleanContext(app, "deletionProtection") ?? profile.deletionProtection;
  const apiReservedConcurrency = positiveIntegerContext(app, "apiReservedConcurrency");
  const data = new BookstoreDataStack(app, STACK_NAMES.data, {
    description: `Bookstore data (database team): the ${target} database, its network, proxy, secrets and alarms`,
    target,
    profile,
    deletionProtection,
    apiReservedConcurrency,
    alarmEmail: (app.node.tryGetContext("alarmEmail") as string | undefined) || undefined,
  });
  const schema = new BookstoreSchemaStack(app, STACK_NAMES.schema, {
    description: "Bookstore schema (database team): the ORM layer version, the migrator, the release parameters",
    data,
    profile,
  });
  const api = new BookstoreApiStack(app, STACK_NAMES.api, {
    description: "Bookstore API (API team): the /book and /review functions, the REST API, sign-in, its alarms",
    target,
    profile,
    apiReservedConcurrency,
    requireSignInForReads: booleanContext(app, "requireSignInForReads"),
    // `-c compileCacheBuild=<label>`: a new label makes new compile caches (after a Lambda runtime update).
    compileCacheBuild: (app.node.tryGetContext("compileCacheBuild") as string | undefined) || undefined,
    corsAllowedOrigins: origins ? String(origins).split(",").map((origin) => origin.trim()).filter(Boolean) : [],
  });
  // Deploy order only: the API reads the schema stack's parameters, never its outputs.
  api.addStackDependency(schema, "reads the release parameters it publishes");
  acknowledgeAcceptedFindings({ data, schema, api }, { unprotectedAuroraCluster: !deletionProtection && target !== "dsql" });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, data, schema, api };
}
