import { lambdaFunctionsOf, policyStatementsOf, type LambdaFunction } from "../support/infra/function-policies";
import { synthesizeApp } from "../support/infra/synth-in-process";
import { createBookstoreApp } from "../../infra/lib/bookstore-app";

/** `npx cdk synth -c target=data-api`, in this process (assets not bundled: only the template matters here); cdk-nag runs on it. */
const { template } = synthesizeApp({ target: "data-api" });

const functions = lambdaFunctionsOf(template);
const overDataApi = Object.entries(functions).filter(([, fn]) => fn.Properties.Environment?.Variables?.DB_TRANSPORT === "data-api");
// Logical ids without their hash: the secrets are referred to through their attachments to the cluster.
const ownerSecret = "DatabaseClusterSecret";
const appSecret = "DatabaseAppSecret";
// The API functions name the app secret by the release parameter; the migrator the owner's by the data stack's output.
const apiFunctions = overDataApi.filter(([, fn]) => JSON.stringify(fn.Properties.Environment?.Variables?.DB_SECRET_ARN).includes("appsecretarn"));
const migrators = overDataApi.filter(([, fn]) => JSON.stringify(fn.Properties.Environment?.Variables?.DB_SECRET_ARN).includes(ownerSecret));

function statementsOf(functionId: string): Array<{ Action: string[]; Resource: string }> {
  return policyStatementsOf(template, functions[functionId]).map((statement) => ({ Action: statement.Action.sort(), Resource: JSON.stringify(statement.Resource) }));
}

const DATA_API_ACTIONS = ["rds-data:BatchExecuteStatement", "rds-data:BeginTransaction", "rds-data:CommitTransaction", "rds-data:ExecuteStatement", "rds-data:RollbackTransaction"];

describe("-c target=data-api", () => {
  test("the cluster has the Data API on and there is no RDS Proxy", () => {
    template.hasResourceProperties("AWS::RDS::DBCluster", { EnableHttpEndpoint: true });
    expect(Object.keys(template.findResources("AWS::RDS::DBProxy"))).toHaveLength(0);
    expect(template.toJSON().Outputs).toHaveProperty("ClusterArn");
    expect(template.toJSON().Outputs).not.toHaveProperty("ProxyEndpoint");
  });

  test("the API functions and the migrator run outside the VPC, over the Data API", () => {
    expect(apiFunctions).toHaveLength(2);
    expect(migrators).toHaveLength(1);
    for (const [, fn] of [...apiFunctions, ...migrators]) {
      expect(fn.Properties.VpcConfig).toBeUndefined();
      expect(fn.Properties.Environment?.Variables).toMatchObject({ DB_TRANSPORT: "data-api", DB_NAME: "bookstore", DB_CLUSTER_ARN: expect.anything() });
    }
  });

  test("IAM: the five rds-data actions on the cluster only; the API functions read the app secret, the migrator the owner's", () => {
    for (const [id] of apiFunctions) {
      const statements = statementsOf(id);
      const dataApi = statements.filter((statement) => statement.Action.some((action) => action.startsWith("rds-data:")));
      expect(dataApi).toHaveLength(1);
      expect(dataApi[0]?.Action).toEqual(DATA_API_ACTIONS);
      expect(dataApi[0]?.Resource).toMatch(/arn:.*:rds:.*:cluster:/);
      const secretReads = statements.filter((statement) => statement.Action.includes("secretsmanager:GetSecretValue"));
      expect(secretReads.map((statement) => statement.Resource).join()).toContain(appSecret);
      expect(secretReads.map((statement) => statement.Resource).join()).not.toContain(ownerSecret);
      expect(statements.some((statement) => statement.Action.some((action) => action.startsWith("rds-db:")))).toBe(false);
    }
    const [migratorId] = migrators[0] as [string, LambdaFunction];
    const migratorReads = statementsOf(migratorId).filter((statement) => statement.Action.includes("secretsmanager:GetSecretValue")).map((statement) => statement.Resource).join();
    expect(migratorReads).toContain(ownerSecret);
    expect(statementsOf(migratorId).find((statement) => statement.Action.includes("rds-data:ExecuteStatement"))?.Action).toEqual(DATA_API_ACTIONS);
  });

  test("no proxy alarms, the rest of the monitoring as on the postgres target", () => {
    const descriptions = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((alarm) => (alarm as { Properties: { AlarmDescription: string } }).Properties.AlarmDescription);
    expect(descriptions.filter((description) => description.startsWith("RDS Proxy"))).toEqual([]);
    expect(descriptions.some((description) => description.includes("API 5XX"))).toBe(true);
  });

  test("an unknown target is refused by name", () => {
    expect(() => createBookstoreApp({ context: { target: "mysql", "aws:cdk:bundling-stacks": [] } })).toThrow(/-c target=mysql is not one of postgres, data-api, dsql/);
  });
});
