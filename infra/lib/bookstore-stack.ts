import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { execFileSync } from "node:child_process";
import { ENV } from "@bookstore/orm/environment";
import { BookstoreFunction, FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME, type FunctionEnvironment } from "./bookstore-function";
import { APP_USERNAME, Database, DATABASE_NAME, ENGINE_VERSION } from "./database";
import { BookstoreDatabaseProxy } from "./database-proxy";
import { retainLogsOfEveryFunction } from "./function-log-retention";
import { grantDataApi } from "./data-api-access";
import { Monitoring } from "./monitoring";
import { Network } from "./network";
import { OrmLayer } from "./orm-layer";
import { PROFILES, type Profile, type ProfileName } from "./profiles";
import { projectPaths } from "./project-paths";
import { BookstoreApi } from "./rest-api";
import { SchemaMigrator, type SchemaMigratorProps } from "./schema-migrator";
import { DsqlCluster } from "./dsql-cluster";

export type DatabaseTarget = "postgres" | "data-api" | "dsql";

export interface BookstoreStackProps extends StackProps {
  /**
   * How the functions reach the database: `postgres` through RDS Proxy from
   * the VPC, or `data-api` over the RDS Data API from outside any VPC, with
   * no proxy (`-c target=data-api`).
   * @default "postgres"
   */
  readonly target?: DatabaseTarget;
  /**
   * `production` keeps everything on teardown and runs a reader for
   * failover; `dev` is cheap and disposable. Each prop below overrides it.
   * @default "production"
   */
  readonly profile?: ProfileName;
  /** Serverless v2 capacity in ACUs. A minimum of 0 lets the writer pause when idle. @default - the profile's */
  readonly minCapacity?: number;
  /** @default - the profile's */
  readonly maxCapacity?: number;
  /** Readers in other AZs. @default - the profile's (1 in production, 0 in dev) */
  readonly readers?: number;
  /** @default - the profile's */
  readonly backupRetention?: Duration;
  /** @default - the profile's (on in production) */
  readonly deletionProtection?: boolean;
  /**
   * Requests per second and burst for the whole API: split evenly over its
   * Lambda-backed methods, since API Gateway's stage throttle applies to
   * each method on its own.
   * @default 1100 and 2200 (100 and 200 per method)
   */
  readonly throttlingRateLimit?: number;
  readonly throttlingBurstLimit?: number;
  /**
   * Concurrent executions reserved for (and capping) each API function: one
   * client cannot take the account's concurrency, and the proxy never sees
   * more than this many clients per function (`-c apiReservedConcurrency=N`).
   * Lambda keeps 100 of the account's concurrency unreserved, so reserving N
   * for each of the two functions needs a concurrency quota of at least
   * 2N + 100; new accounts often have far less, hence off by default.
   * @default - none reserved
   */
  readonly apiReservedConcurrency?: number;
  /**
   * Browser origins allowed to call the API, e.g. `https://app.example.com`
   * (`-c corsAllowedOrigins=a,b` on the command line).
   * @default - none
   */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * Subscribed by email to the alarm topic (`-c alarmEmail=ops@example.com`).
   * @default - none: subscribe to the topic (output AlarmTopicArn) yourself
   */
  readonly alarmEmail?: string;
}

/**
 * Everything: network, Aurora behind RDS Proxy, the ORM layer, the schema
 * migrator with its deploy trigger, and the REST API's two functions, which
 * reach the database only through the proxy, with IAM and TLS.
 */
export class BookstoreStack extends Stack {
  /** Whether the cluster is deletion-protected, as the profile and props decided. */
  readonly deletionProtection: boolean;
  readonly target: DatabaseTarget;

  constructor(scope: Construct, id: string, props: BookstoreStackProps = {}) {
    super(scope, id, props);

    const profile = PROFILES[props.profile ?? "production"];
    this.deletionProtection = props.deletionProtection ?? profile.deletionProtection;
    const corsAllowedOrigins = props.corsAllowedOrigins ?? [];
    const target = props.target ?? "postgres";
    this.target = target;
    const maxCapacity = props.maxCapacity ?? profile.maxCapacity;
    const { layer } = new OrmLayer(this, "OrmLayer", { runtime: FUNCTION_RUNTIME, architecture: FUNCTION_ARCHITECTURE });

    const access = target === "dsql" ? this.dsql(props, profile) : this.aurora(props, profile, target === "data-api");

    const apiFunction = (id: string, entry: string, description: string) => {
      const created = new BookstoreFunction(this, id, {
        entry,
        description,
        network: access.network,
        layer,
        timeout: Duration.seconds(10),
        reservedConcurrentExecutions: props.apiReservedConcurrency,
        environment: {
          ...access.apiEnvironment,
          [ENV.POWERTOOLS_LOG_LEVEL]: "INFO",
          // EMF metrics (cold starts, database retries, 503/504 answers) and
          // an X-Ray subsegment per unit of work; unset, neither is loaded.
          [ENV.POWERTOOLS_METRICS_NAMESPACE]: "Bookstore",
          [ENV.POWERTOOLS_TRACE_ENABLED]: "true",
          ...(corsAllowedOrigins.length > 0 ? { [ENV.CORS_ALLOWED_ORIGINS]: corsAllowedOrigins.join(",") } : {}),
        },
      });
      access.allowApi(created, id);
      return created.function;
    };
    const books = apiFunction("BooksFunction", projectPaths.booksHandler, "The /book routes");
    const reviews = apiFunction("ReviewsFunction", projectPaths.reviewsHandler, "The /review routes");

    const migrator = new SchemaMigrator(this, "SchemaMigrator", { layer, access: access.migratorAccess([books, reviews]) });
    // The schema a new version of the functions needs is in place before they
    // change. Only the functions themselves wait: on DSQL the migrator maps the
    // application role to their IAM roles, which must exist before it runs.
    migrator.trigger.executeBefore(books.node.defaultChild as Construct, reviews.node.defaultChild as Construct);

    const { api } = new BookstoreApi(this, "RestApi", {
      functions: { books, reviews },
      throttlingRateLimit: props.throttlingRateLimit ?? 1100,
      throttlingBurstLimit: props.throttlingBurstLimit ?? 2200,
      corsAllowedOrigins,
      logRetention: profile.logRetention,
      openApiDocument: execFileSync(projectPaths.tsx, [projectPaths.openApiScript], { encoding: "utf8" }),
    });

    const monitoring = new Monitoring(this, "Monitoring", {
      api,
      apiFunctions: { Books: books, Reviews: reviews },
      migrator: migrator.function,
      proxy: access.proxy?.proxy,
      cluster: access.cluster,
      maxCapacity,
      rotatedSecrets: access.rotatedSecrets,
      alarmEmail: props.alarmEmail,
    });

    retainLogsOfEveryFunction(this, profile.logRetention);

    new CfnOutput(this, "AlarmTopicArn", { value: monitoring.topic.topicArn, description: "Alarms are published here" });
    new CfnOutput(this, "ApiUrl", { value: api.url, description: "Base URL of the REST API" });
    new CfnOutput(this, "SmokeTestCommand", { value: `npm run smoke -- ${api.url}`, description: "A black-box pass over this stage (add --token T to write)" });
    new CfnOutput(this, "MigratorFunctionName", { value: migrator.function.functionName, description: "aws lambda invoke --function-name <this> --payload '{\"action\":\"status\"}'" });
    access.outputs();
  }

  /** Aurora PostgreSQL, reached through RDS Proxy from the VPC, or over the Data API from outside it. */
  private aurora(props: BookstoreStackProps, profile: Profile, overDataApi: boolean): TargetAccess {
    const network = new Network(this, "Network");
    const database = new Database(this, "Database", {
      network,
      minCapacity: props.minCapacity ?? profile.minCapacity,
      maxCapacity: props.maxCapacity ?? profile.maxCapacity,
      readers: props.readers ?? profile.readers,
      backupRetention: props.backupRetention ?? profile.backupRetention,
      deletionProtection: this.deletionProtection,
      removalPolicy: profile.clusterRemovalPolicy,
      secretRemovalPolicy: profile.secretRemovalPolicy,
      logRetention: profile.logRetention,
      enableDataApi: overDataApi,
    });
    const secretOutputs = (appSecretUse: string) => {
      new CfnOutput(this, "OwnerSecretArn", { value: database.ownerSecret.secretArn, description: "Schema owner credentials (database team)" });
      new CfnOutput(this, "AppSecretArn", { value: database.appSecret.secretArn, description: `Application role credentials (${appSecretUse})` });
    };
    const shared = { cluster: database.cluster, rotatedSecrets: [database.ownerSecret, database.appSecret] };
    if (overDataApi) {
      return {
        ...shared,
        apiEnvironment: {
          [ENV.DB_TRANSPORT]: "data-api",
          [ENV.DB_CLUSTER_ARN]: database.cluster.clusterArn,
          [ENV.DB_SECRET_ARN]: database.appSecret.secretArn,
          [ENV.DB_NAME]: DATABASE_NAME,
        },
        allowApi: (fn) => grantDataApi(fn.function, database.cluster, database.appSecret),
        migratorAccess: () => ({ via: "data-api", database }),
        outputs: () => {
          new CfnOutput(this, "ClusterArn", { value: database.cluster.clusterArn, description: "The cluster the Data API runs statements on" });
          secretOutputs("used by the functions over the Data API");
        },
      };
    }
    const proxy = new BookstoreDatabaseProxy(this, "DatabaseProxy", { network, database });
    return {
      ...shared,
      network,
      proxy,
      apiEnvironment: {
        [ENV.DB_AUTH]: "iam",
        [ENV.DB_PROXY_ENDPOINT]: proxy.proxy.endpoint,
        [ENV.DB_USER]: APP_USERNAME,
        [ENV.DB_NAME]: DATABASE_NAME,
        // The engine this stack deploys: the layer need not ask the server at start.
        [ENV.DB_SERVER_VERSION]: ENGINE_VERSION.auroraPostgresFullVersion,
      },
      allowApi: (fn, id) => {
        proxy.connections.allowDefaultPortFrom(fn, `${id} to RDS Proxy`);
        proxy.grantConnect(fn.function, APP_USERNAME);
      },
      migratorAccess: () => ({ via: "proxy", database, network, proxy }),
      outputs: () => {
        new CfnOutput(this, "ProxyEndpoint", { value: proxy.proxy.endpoint, description: "RDS Proxy endpoint (TLS and IAM only)" });
        secretOutputs("used by the proxy");
      },
    };
  }

  /** Aurora DSQL: no VPC, no proxy, no secret; IAM for every connection. */
  private dsql(_props: BookstoreStackProps, profile: Profile): TargetAccess {
    const cluster = new DsqlCluster(this, "Dsql", { deletionProtection: this.deletionProtection, removalPolicy: profile.clusterRemovalPolicy });
    return {
      rotatedSecrets: [],
      apiEnvironment: { [ENV.DB_AUTH]: "dsql", [ENV.DSQL_ENDPOINT]: cluster.cluster.attrEndpoint, [ENV.DB_USER]: APP_USERNAME },
      allowApi: (fn) => cluster.grantConnect(fn.function),
      migratorAccess: (functions) => ({ via: "dsql", cluster: cluster.cluster, appRoleArns: functions.map((fn) => (fn.role as iam.IRole).roleArn) }),
      outputs: () => {
        new CfnOutput(this, "DsqlEndpoint", { value: cluster.cluster.attrEndpoint, description: "The Aurora DSQL cluster's endpoint (IAM only)" });
      },
    };
  }
}

/** What the rest of the stack needs to know of the database a target deploys. */
interface TargetAccess {
  /** The API functions' database settings. */
  apiEnvironment: FunctionEnvironment;
  /** The VPC the functions go in; outside any when absent. */
  network?: Network;
  proxy?: BookstoreDatabaseProxy;
  cluster?: rds.DatabaseCluster;
  rotatedSecrets: secretsmanager.ISecret[];
  /** Lets an API function reach the database. */
  allowApi(fn: BookstoreFunction, id: string): void;
  migratorAccess(apiFunctions: lambda.Function[]): SchemaMigratorProps["access"];
  outputs(): void;
}
