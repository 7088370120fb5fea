import { Duration } from "aws-cdk-lib";
import type * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { COMPILE_CACHE_UNUSED } from "@bookstore/orm/compile-cache-loader";

export interface MonitoringProps {
  /**
   * Where alarms go.
   * @default - a topic of its own (output AlarmTopicArn)
   */
  readonly topic?: sns.ITopic;
  /** @default - none: no API alarms */
  readonly api?: apigateway.RestApi;
  /** The API's functions, by name as they appear on the dashboard. @default - none */
  readonly apiFunctions?: Readonly<Record<string, lambda.Function>>;
  /** @default - none */
  readonly migrator?: lambda.IFunction;
  /** @default - no proxy (the Data API target): no proxy alarms */
  readonly proxy?: rds.DatabaseProxy;
  /** @default - none (DSQL): no capacity alarm */
  readonly cluster?: rds.DatabaseCluster;
  /** The cluster's ceiling in ACUs, to tell when it is reached. @default 0 */
  readonly maxCapacity?: number;
  /** The API functions' reserved concurrency each, which bounds the proxy's clients. @default - none reserved */
  readonly apiReservedConcurrency?: number;
  /** Secrets whose rotation must not fail. @default - none */
  readonly rotatedSecrets?: readonly secretsmanager.ISecret[];
  /**
   * An address subscribed to the alarm topic (it must confirm by email).
   * @default - no subscription: subscribe to the topic (output AlarmTopicArn) yourself
   */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Where the API's own metrics go: its functions' EMF metrics, and what the alarms count in their logs. */
export const API_METRICS_NAMESPACE = "Bookstore";

/**
 * Alarms on what a user of the API would notice, or soon will, sent to one
 * SNS topic; and a dashboard of the same metrics. Each stack watches its
 * own part: the data stack the database, the schema stack the migrator,
 * the API stack the API and its functions.
 */
export class Monitoring extends Construct {
  readonly topic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = props.topic ?? new sns.Topic(this, "AlarmTopic", { displayName: "Bookstore alarms", enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const apiWidgets: cloudwatch.IWidget[][] = props.api ? this.watchApi(props.api, props.apiFunctions ?? {}) : [];
    // The deploy fails with the migrator, but a manual run fails silently otherwise.
    if (props.migrator) this.alarm("MigratorErrors", props.migrator.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }), 1, 1, "schema migrator failed");

    const proxyWidgets: cloudwatch.IWidget[] = [];
    if (props.proxy) {
      const proxyName = props.proxy.dbProxyName;
      const proxyMetric = (metricName: string, statistic: string) =>
        new cloudwatch.Metric({ namespace: "AWS/RDS", metricName, dimensionsMap: { ProxyName: proxyName }, period: FIVE_MINUTES, statistic });
      // Microseconds. Borrowing is near-instant while the pool has room; 500 ms
      // on average means requests queue for database connections (the borrow
      // timeout is 2 s).
      const borrowLatency = proxyMetric("DatabaseConnectionsBorrowLatency", "Average");
      this.alarm("ProxyBorrowLatency", borrowLatency, 500_000, 2, "RDS Proxy: waiting over 500 ms for database connections");
      const clientConnections = proxyMetric("ClientConnections", "Maximum");
      // The API functions' reserved concurrency bounds the clients (unreserved, the
      // default account quota of 1,000 does); near it, the API is at its ceiling.
      const clientCeiling = 2 * (props.apiReservedConcurrency ?? 500);
      this.alarm("ProxyClientConnections", clientConnections, Math.ceil(clientCeiling * 0.9), 2, "RDS Proxy: clients near the API's concurrency ceiling");
      proxyWidgets.push(new cloudwatch.GraphWidget({ title: "RDS Proxy: borrow latency (µs) and clients", left: [borrowLatency], right: [clientConnections] }));
    }

    const clusterWidgets: cloudwatch.IWidget[] = [];
    if (props.cluster) {
      const capacity = props.cluster.metricServerlessDatabaseCapacity({ period: FIVE_MINUTES, statistic: "Maximum" });
      // At its ceiling for 15 minutes the cluster cannot absorb more load: raise maxCapacity.
      const maxCapacity = props.maxCapacity ?? 0;
      this.alarm("ClusterAtMaxCapacity", capacity, maxCapacity, 3, `cluster at its ${maxCapacity} ACU ceiling for 15 minutes`, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
      clusterWidgets.push(new cloudwatch.GraphWidget({ title: "Cluster capacity (ACU)", left: [capacity] }));
    }

    // Secrets Manager reports a failed rotation as an event, not a metric.
    const rotatedSecrets = props.rotatedSecrets ?? [];
    if (rotatedSecrets.length > 0) new events.Rule(this, "RotationFailed", {
      description: "A Bookstore secret failed to rotate",
      eventPattern: {
        source: ["aws.secretsmanager"],
        detail: { eventName: ["RotationFailed"], additionalEventData: { SecretId: rotatedSecrets.map((secret) => secret.secretArn) } },
      },
      targets: [new targets.SnsTopic(this.topic)],
    });

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      defaultInterval: Duration.hours(3),
      widgets: [
        ...apiWidgets,
        [...proxyWidgets, ...clusterWidgets],
        [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24 })],
      ].filter((row) => row.length > 0),
    });
  }

  /** The API's alarms and dashboard rows. */
  private watchApi(api: apigateway.RestApi, apiFunctions: Readonly<Record<string, lambda.Function>>): cloudwatch.IWidget[][] {
    const requests = api.metricCount({ period: FIVE_MINUTES, statistic: "Sum" });
    const serverErrors = api.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" });
    const errorRate = new cloudwatch.MathExpression({
      expression: "100 * errors / MAX([requests, 1])",
      usingMetrics: { errors: serverErrors, requests },
      label: "5XX, % of requests",
      period: FIVE_MINUTES,
    });
    // 5XX means our fault or the database's; 1 % over two periods in a row
    // is past the odd failover or cold-start hiccup.
    this.alarm("Api5xxRate", errorRate, 1, 2, "API 5XX above 1 % of requests");
    const p99 = api.metricLatency({ period: FIVE_MINUTES, statistic: "p99" });
    // A warm request takes tens of ms; 2 s at p99 means queueing on the
    // proxy, a slow database or cold starts piling up.
    this.alarm("ApiLatencyP99", p99, 2_000, 3, "API p99 latency above 2 s");

    for (const [name, fn] of Object.entries(apiFunctions)) {
      // Handler failures are answered 500 (ours) and land here; a few are worth a look.
      this.alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }), 5, 1, `${name}: 5 or more errors in 5 minutes`);
      // Throttles mean the reserved concurrency is exhausted: clients get 429/5XX.
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }), 1, 1, `${name}: throttled`);
      const timeout = fn.timeout?.toMilliseconds() ?? 3_000;
      // At 80 % of the timeout the next slow statement becomes a Lambda timeout.
      this.alarm(`${name}DurationNearTimeout`, fn.metricDuration({ period: FIVE_MINUTES, statistic: "p99" }), timeout * 0.8, 2, `${name}: p99 duration above 80 % of its timeout`);
      // After Lambda updates the runtime, each cold start compiles what the function's compile
      // cache held (made on the previous version) until a deploy makes the cache again; the
      // function's loader says so in its log.
      const compileCacheUnused = new logs.MetricFilter(this, `${name}ColdStartsWithoutCompileCache`, {
        logGroup: fn.logGroup,
        filterPattern: logs.FilterPattern.literal(`"${COMPILE_CACHE_UNUSED}"`),
        metricNamespace: API_METRICS_NAMESPACE,
        metricName: `${name}ColdStartsWithoutCompileCache`,
        metricValue: "1",
      });
      this.alarm(
        `${name}CompileCacheUnused`,
        compileCacheUnused.metric({ period: FIVE_MINUTES, statistic: "Sum" }),
        0,
        1,
        `${name}: cold starts without the compile cache (the runtime was updated since the deploy): deploy with -c compileCacheBuild=<a new label>`,
      );
    }

    return [
      [
        new cloudwatch.GraphWidget({ title: "API requests and 5XX", left: [requests, serverErrors], right: [errorRate] }),
        new cloudwatch.GraphWidget({ title: "API latency p99 (ms)", left: [p99] }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: "Functions: errors and throttles",
          left: Object.values(apiFunctions).flatMap((fn) => [fn.metricErrors({ period: FIVE_MINUTES }), fn.metricThrottles({ period: FIVE_MINUTES })]),
        }),
        new cloudwatch.GraphWidget({
          title: "Functions: duration p99 (ms)",
          left: Object.values(apiFunctions).map((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: "p99" })),
        }),
      ],
    ];
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    evaluationPeriods: number,
    description: string,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator,
      alarmDescription: description,
      // No traffic is no news: missing data never raises an alarm.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
