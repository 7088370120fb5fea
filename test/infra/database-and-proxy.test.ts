import { Match } from "aws-cdk-lib/assertions";
import { bookstoreTemplate, logicalIdAt, resourcesOfType } from "../support/infra/cloud-assembly";

const { template } = bookstoreTemplate();

describe("the database", () => {
  test("is Aurora PostgreSQL 17 Serverless v2, encrypted, IAM authentication on, deletion-protected", () => {
    template.hasResourceProperties("AWS::RDS::DBCluster", {
      Engine: "aurora-postgresql",
      EngineVersion: Match.stringLikeRegexp("^17\\."),
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 7,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
      MasterUsername: "bookstore_owner",
    });
    template.hasResource("AWS::RDS::DBCluster", { DeletionPolicy: "Snapshot" });
    template.hasResourceProperties("AWS::RDS::DBInstance", { DBInstanceClass: "db.serverless", PubliclyAccessible: false });
    template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", { Parameters: { "rds.force_ssl": "1" } });
  });

  test("lives in isolated subnets of a VPC with no route to the internet", () => {
    expect(resourcesOfType("AWS::EC2::NatGateway")).toHaveLength(0);
    expect(resourcesOfType("AWS::EC2::InternetGateway")).toHaveLength(0);
    template.hasResourceProperties("AWS::RDS::DBSubnetGroup", {
      SubnetIds: [{ Ref: Match.stringLikeRegexp("^NetworkVpcdatabase") }, { Ref: Match.stringLikeRegexp("^NetworkVpcdatabase") }],
    });
  });

  test("is reachable only from the proxy and the secret rotation functions", () => {
    const clusterGroup = logicalIdAt("BookstoreData/Database/ClusterSecurityGroup/Resource");
    const sources = resourcesOfType("AWS::EC2::SecurityGroupIngress")
      .filter(([, rule]) => JSON.stringify(rule.Properties?.GroupId).includes(clusterGroup))
      .map(([, rule]) => JSON.stringify(rule.Properties?.SourceSecurityGroupId));
    expect(sources.sort()).toEqual(
      [logicalIdAt("BookstoreData/DatabaseProxy/ProxySecurityGroup/Resource"), logicalIdAt("BookstoreData/Database/RotationSecurityGroup/Resource")]
        .map((id) => JSON.stringify({ "Fn::GetAtt": [id, "GroupId"] }))
        .sort(),
    );
    const group = bookstoreTemplate().json.Resources[clusterGroup];
    expect(group?.Properties?.SecurityGroupIngress).toBeUndefined();
  });

  test("has an owner secret and an application secret, both rotated", () => {
    expect(resourcesOfType("AWS::SecretsManager::Secret")).toHaveLength(2);
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: JSON.stringify({ username: "bookstore_app", dbname: "bookstore" }) }),
    });
    expect(resourcesOfType("AWS::SecretsManager::RotationSchedule")).toHaveLength(2);
  });
});

describe("the RDS Proxy", () => {
  test("requires TLS and IAM authentication and knows both secrets", () => {
    template.hasResourceProperties("AWS::RDS::DBProxy", {
      EngineFamily: "POSTGRESQL",
      RequireTLS: true,
      IdleClientTimeout: 360,
      Auth: [
        { AuthScheme: "SECRETS", IAMAuth: "REQUIRED", SecretArn: Match.anyValue() },
        { AuthScheme: "SECRETS", IAMAuth: "REQUIRED", SecretArn: Match.anyValue() },
      ],
    });
  });

  test("pools with a short borrow timeout and headroom left on the database", () => {
    template.hasResourceProperties("AWS::RDS::DBProxyTargetGroup", {
      ConnectionPoolConfigurationInfo: { ConnectionBorrowTimeout: 2, MaxConnectionsPercent: 90, MaxIdleConnectionsPercent: 10 },
    });
  });

  test("is reachable only from the API functions' and the migrator's security groups, both the database team's", () => {
    const proxyGroup = logicalIdAt("BookstoreData/DatabaseProxy/ProxySecurityGroup/Resource");
    const sources = resourcesOfType("AWS::EC2::SecurityGroupIngress")
      .filter(([, rule]) => JSON.stringify(rule.Properties?.GroupId).includes(proxyGroup))
      .map(([, rule]) => (rule.Properties?.SourceSecurityGroupId as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0])
      .sort();
    expect(sources).toEqual(
      ["ApiFunctionsSecurityGroup", "MigratorSecurityGroup"].map((name) => logicalIdAt(`BookstoreData/${name}/Resource`)).sort(),
    );
  });
});
