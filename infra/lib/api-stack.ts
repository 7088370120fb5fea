import { CfnOutput, Duration, Fn, Stack, type StackProps } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { execFileSync } from "node:child_process";
import { FUNCTION_TIMEOUT_SECONDS, type ServiceName } from "@bookstore/api-contract";
import { ENV } from "@bookstore/orm/environment";
import { BookstoreFunction, type FunctionEnvironment } from "./bookstore-function";
import { CompileCaches } from "./compile-caches";
import type { DatabaseTarget } from "./data-stack";
import { APP_USERNAME, DATABASE_NAME } from "./database";
import { retainLogsOfEveryFunction } from "./function-log-retention";
import { API_METRICS_NAMESPACE, Monitoring } from "./monitoring";
import type { Profile } from "./profiles";
import { projectPaths } from "./project-paths";
import { readReleaseParameter } from "./release-parameters";
import { BookstoreApi } from "./rest-api";
import { SignIn } from "./sign-in";

export interface ApiStackProps extends StackProps {
  /** Which database the release it reads was made for. */
  readonly target: DatabaseTarget;
  readonly profile: Profile;
  /**
   * Requests per second and burst for the whole API: split evenly over its
   * Lambda-backed methods, since API Gateway's stage throttle applies to
   * each method on its own.
   * @default 1100 and 2200 (100 and 200 per method)
   */
  readonly throttlingRateLimit?: number;
  readonly throttlingBurstLimit?: number;
  /**
   * Concurrent executions reserved for (and capping) each API function
   * (`-c apiReservedConcurrency=N`). Lambda keeps 100 of the account's
   * concurrency unreserved, so this needs a quota of at least 2N + 100;
   * new accounts often have far less, hence none by default.
   * @default - none reserved
   */
  readonly apiReservedConcurrency?: number;
  /** Browser origins allowed to call the API (`-c corsAllowedOrigins=a,b`). @default - none */
  readonly corsAllowedOrigins?: readonly string[];
  /** Reads need a signed-in user too (`-c requireSignInForReads=true`). @default false: anyone reads */
  readonly requireSignInForReads?: boolean;
  /** A label of the compile caches' build: a new one makes new caches for unchanged functions. @default none */
  readonly compileCacheBuild?: string;
}

/** How the functions reach the database on each target, from the release's parameters. */
function databaseEnvironment(scope: Construct, target: DatabaseTarget): FunctionEnvironment {
  switch (target) {
    case "postgres":
      return {
        [ENV.DB_AUTH]: "iam",
        [ENV.DB_PROXY_ENDPOINT]: readReleaseParameter(scope, "proxyEndpoint"),
        [ENV.DB_USER]: APP_USERNAME,
        [ENV.DB_NAME]: DATABASE_NAME,
        // The engine deployed: the layer need not ask the server at start.
        [ENV.DB_SERVER_VERSION]: readReleaseParameter(scope, "serverVersion"),
      };
    case "data-api":
      return {
        [ENV.DB_TRANSPORT]: "data-api",
        [ENV.DB_CLUSTER_ARN]: readReleaseParameter(scope, "clusterArn"),
        [ENV.DB_SECRET_ARN]: readReleaseParameter(scope, "appSecretArn"),
        [ENV.DB_NAME]: DATABASE_NAME,
      };
    case "dsql":
      return { [ENV.DB_AUTH]: "dsql", [ENV.DSQL_ENDPOINT]: readReleaseParameter(scope, "dsqlEndpoint"), [ENV.DB_USER]: APP_USERNAME };
  }
}

/**
 * The API team's stack: the /book and /review functions, the REST API, its
 * alarms and dashboard. It reads the database team's release (the layer
 * version, the database's settings, the role and network the functions run
 * with) from SSM parameters at each deploy: it imports nothing, so neither
 * team's deploy ever waits on the other's stack.
 */
export class BookstoreApiStack extends Stack {
  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const corsAllowedOrigins = props.corsAllowedOrigins ?? [];
    const layer = lambda.LayerVersion.fromLayerVersionArn(this, "OrmLayer", readReleaseParameter(this, "layerVersionArn"));
    const role = iam.Role.fromRoleArn(this, "ApiFunctionRole", readReleaseParameter(this, "apiRoleArn"), { mutable: true });
    const placement =
      props.target === "postgres"
        ? { subnetIds: Fn.split(",", readReleaseParameter(this, "apiSubnetIds")), securityGroupIds: [readReleaseParameter(this, "apiSecurityGroupId")] }
        : undefined;

    const apiFunction = (id: string, entry: string, description: string) =>
      new BookstoreFunction(this, id, {
        entry,
        description,
        placement,
        role,
        layer,
        timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
        logRetention: props.profile.logRetention,
        reservedConcurrentExecutions: props.apiReservedConcurrency,
        environment: {
          ...databaseEnvironment(this, props.target),
          [ENV.POWERTOOLS_LOG_LEVEL]: "INFO",
          // EMF metrics (cold starts, database retries, 503/504 answers) and
          // an X-Ray subsegment per unit of work of a sampled request; unset, neither is loaded.
          [ENV.POWERTOOLS_METRICS_NAMESPACE]: API_METRICS_NAMESPACE,
          [ENV.POWERTOOLS_TRACE_ENABLED]: "true",
          ...(corsAllowedOrigins.length > 0 ? { [ENV.CORS_ALLOWED_ORIGINS]: corsAllowedOrigins.join(",") } : {}),
        },
      }).function;
    const books = apiFunction("BooksFunction", projectPaths.booksHandler, "The /book routes");
    const reviews = apiFunction("ReviewsFunction", projectPaths.reviewsHandler, "The /review routes");
    const functions: Record<ServiceName, lambda.Function> = { books, reviews };
    const compileCaches = new CompileCaches(this, "CompileCaches", { layer, logRetention: props.profile.logRetention, build: props.compileCacheBuild });
    const firstRequests = JSON.parse(execFileSync(projectPaths.tsx, [projectPaths.firstRequestsScript], { encoding: "utf8" })) as Record<ServiceName, unknown[]>;
    for (const [service, fn] of Object.entries(functions) as Array<[ServiceName, lambda.Function]>) {
      compileCaches.add({ id: service, function: fn, requests: JSON.stringify(firstRequests[service]) });
    }

    const signIn = new SignIn(this, "SignIn", { removalPolicy: props.profile.userPoolRemovalPolicy });
    const requireSignInForReads = props.requireSignInForReads ?? false;
    const { api } = new BookstoreApi(this, "RestApi", {
      authorizer: new apigateway.CognitoUserPoolsAuthorizer(this, "Authorizer", {
        cognitoUserPools: [signIn.userPool],
        identitySource: apigateway.IdentitySource.header("Authorization"),
      }),
      requireSignInForReads,
      functions,
      throttlingRateLimit: props.throttlingRateLimit ?? 1100,
      throttlingBurstLimit: props.throttlingBurstLimit ?? 2200,
      corsAllowedOrigins,
      logRetention: props.profile.logRetention,
      openApiDocument: execFileSync(projectPaths.tsx, [projectPaths.openApiScript, ...(requireSignInForReads ? ["--require-sign-in-for-reads"] : [])], { encoding: "utf8" }),
    });

    new Monitoring(this, "Monitoring", {
      api,
      apiFunctions: { Books: books, Reviews: reviews },
      topic: sns.Topic.fromTopicArn(this, "AlarmTopic", readReleaseParameter(this, "alarmTopicArn")),
    });
    retainLogsOfEveryFunction(this, props.profile.logRetention);

    new CfnOutput(this, "ApiUrl", { value: api.url, description: "Base URL of the REST API" });
    new CfnOutput(this, "UserPoolId", { value: signIn.userPool.userPoolId, description: "The user pool: create users and add editors to its editors group" });
    new CfnOutput(this, "UserPoolClientId", { value: signIn.client.userPoolClientId, description: "The app client users sign in with" });
    new CfnOutput(this, "SmokeTestCommand", { value: `npm run smoke -- ${api.url}`, description: "A black-box pass over this stage (add --token <an editor's ID token> to write)" });
  }
}
