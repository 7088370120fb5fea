import { lambdaFunctionsOf, policyStatementsOf, type LambdaFunction } from "../support/infra/function-policies";
import { synthesizeApp } from "../support/infra/synth-in-process";
import { ENVIRONMENT_VARIABLES } from "@bookstore/orm/environment";

/** `npx cdk synth -c target=dsql`, in this process (assets not bundled); cdk-nag runs on it. */
const synth = (context: Record<string, unknown> = {}) =>
  synthesizeApp({ target: "dsql", ...context }).template;
const template = synth();

const functions = lambdaFunctionsOf(template);
const byAuth = (user: string) => Object.entries(functions).filter(([, fn]) => fn.Properties.Environment?.Variables?.DB_AUTH === "dsql" && fn.Properties.Environment?.Variables?.DB_USER === user);

function actionsOf(functionId: string): string[] {
  return policyStatementsOf(template, functions[functionId])
    .flatMap((statement) => statement.Action)
    .filter((action) => action.startsWith("dsql:") || action.startsWith("rds") || action.startsWith("secretsmanager:"));
}

describe("-c target=dsql", () => {
  test("every function is configured only through the environment contract, and nothing it is given becomes a session setting DSQL refuses", () => {
    const declared = Object.keys(ENVIRONMENT_VARIABLES);
    // aws-cdk-lib's custom resource provider (the function it calls is in its variables) never connects to the database.
    const ours = Object.entries(functions).filter(([, fn]) => fn.Properties.Environment?.Variables?.USER_ON_EVENT_FUNCTION_ARN === undefined);
    for (const [id, fn] of ours) {
      const names = Object.keys(fn.Properties.Environment?.Variables ?? {}).filter((name) => !name.startsWith("AWS_") || declared.includes(name));
      expect({ id, undeclared: names.filter((name) => !declared.includes(name)) }).toEqual({ id, undeclared: [] });
      // libpq variables node-postgres would turn into startup parameters.
      expect({ id, set: names.filter((name) => ["PGOPTIONS", "PGAPPNAME", "DB_DIALECT"].includes(name)) }).toEqual({ id, set: [] });
    }
  });

  test("an Aurora DSQL cluster, deletion-protected and retained in production; no Aurora cluster, proxy, secret or VPC", () => {
    template.hasResource("AWS::DSQL::Cluster", { Properties: { DeletionProtectionEnabled: true }, DeletionPolicy: "Retain" });
    for (const type of ["AWS::RDS::DBCluster", "AWS::RDS::DBProxy", "AWS::SecretsManager::Secret", "AWS::EC2::VPC"]) {
      expect(Object.keys(template.findResources(type))).toHaveLength(0);
    }
    expect(template.toJSON().Outputs).toHaveProperty("DsqlEndpoint");
  });

  test("the API functions connect as bookstore_app (dsql:DbConnect), the migrator as admin (dsql:DbConnectAdmin), outside any VPC", () => {
    const api = byAuth("bookstore_app");
    const migrators = byAuth("admin");
    expect(api).toHaveLength(2);
    expect(migrators).toHaveLength(1);
    for (const [id, fn] of api) {
      expect(fn.Properties.VpcConfig).toBeUndefined();
      expect(actionsOf(id)).toEqual(["dsql:DbConnect"]);
    }
    const [migratorId, migrator] = migrators[0] as [string, LambdaFunction];
    expect(migrator.Properties.VpcConfig).toBeUndefined();
    expect(actionsOf(migratorId)).toEqual(["dsql:DbConnectAdmin"]);
    // The application role is mapped to the API functions' IAM role, which the database team's stack makes.
    expect(JSON.stringify(migrator.Properties.Environment?.Variables?.DB_APP_IAM_ROLE_ARN)).toMatch(/ApiFunctionRole/);
  });

  test("the dev profile lets the cluster go with the stack", () => {
    synth({ profile: "dev" }).hasResource("AWS::DSQL::Cluster", { Properties: { DeletionProtectionEnabled: false }, DeletionPolicy: "Delete" });
  });
});
