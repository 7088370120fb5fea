import { accessOf, API_ROUTES, EDITORS_GROUP } from "@bookstore/api-contract";
import { Match } from "aws-cdk-lib/assertions";
import { resourcesOfType, stackTemplate } from "../support/infra/cloud-assembly";
import { synthesizeApp } from "../support/infra/synth-in-process";

type Json = Record<string, unknown>;

/** Each Lambda-backed method of a template with its authorization: `POST /book` → COGNITO_USER_POOLS. */
function authorizationByRoute(json: { Resources: Record<string, { Type: string; Properties?: Json }> }): Record<string, string> {
  const pathOf = (id: string): string => {
    const resource = json.Resources[id];
    const parent = resource?.Properties?.ParentId as { Ref?: string } | undefined;
    return resource ? `${parent?.Ref ? pathOf(parent.Ref) : ""}/${resource.Properties?.PathPart as string}` : "";
  };
  return Object.fromEntries(
    Object.values(json.Resources)
      .filter((resource) => resource.Type === "AWS::ApiGateway::Method" && (resource.Properties?.Integration as Json).Type === "AWS_PROXY")
      .map((resource) => {
        const properties = resource.Properties as { HttpMethod: string; ResourceId: { Ref: string }; AuthorizationType?: string };
        return [`${properties.HttpMethod} ${pathOf(properties.ResourceId.Ref)}`, properties.AuthorizationType ?? "NONE"];
      }),
  );
}

const expectedAuthorization = (readsToo: boolean) =>
  Object.fromEntries(
    API_ROUTES.flatMap((route) =>
      route.methods.map((method) => [`${method} ${route.resource}`, accessOf(route.resource, method) !== "anyone" || readsToo ? "COGNITO_USER_POOLS" : "NONE"]),
    ),
  );

describe("sign-in in the deployed API", () => {
  const { template, json } = stackTemplate("BookstoreApi");

  test("every write method has the Cognito authorizer and no read has one", () => {
    expect(authorizationByRoute(json)).toEqual(expectedAuthorization(false));
    for (const [route, authorization] of Object.entries(authorizationByRoute(json))) {
      expect({ route, write: !route.startsWith("GET "), authorization }).toEqual({ route, write: !route.startsWith("GET "), authorization: route.startsWith("GET ") ? "NONE" : "COGNITO_USER_POOLS" });
    }
    const [authorizerId] = resourcesOfType("AWS::ApiGateway::Authorizer").map(([id]) => id);
    template.hasResourceProperties("AWS::ApiGateway::Authorizer", {
      Type: "COGNITO_USER_POOLS",
      IdentitySource: "method.request.header.Authorization",
      ProviderARNs: [{ "Fn::GetAtt": [Match.stringLikeRegexp("^SignInUserPool"), "Arn"] }],
    });
    template.allResourcesProperties("AWS::ApiGateway::Method", Match.objectLike({ HttpMethod: Match.anyValue() }));
    for (const resource of Object.values(json.Resources).filter((candidate) => candidate.Properties?.AuthorizationType === "COGNITO_USER_POOLS")) {
      expect(resource.Properties?.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  test("-c requireSignInForReads=true puts it on the reads too, and the document says so", () => {
    const { api } = synthesizeApp({ requireSignInForReads: "true" });
    expect(authorizationByRoute(api.toJSON() as never)).toEqual(expectedAuthorization(true));
    const served = JSON.stringify(api.toJSON()).match(/\\"operationId\\":\\"getBook\\"[^}]*?\\"security\\":\[([^\]]*)\]/);
    expect(served?.[1]).toContain("userPool");
  });

  test("a user pool nobody signs up to by themselves, with the editors group and a browser and CLI client without a secret", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      MfaConfiguration: "OPTIONAL",
      DeletionProtection: "ACTIVE",
    });
    template.hasResource("AWS::Cognito::UserPool", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    template.hasResourceProperties("AWS::Cognito::UserPoolGroup", { GroupName: EDITORS_GROUP });
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlows: Match.absent(),
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
    });
  });

  test("the dev profile's user pool goes with the stack", () => {
    const { api } = synthesizeApp({ profile: "dev" });
    api.hasResource("AWS::Cognito::UserPool", { DeletionPolicy: "Delete" });
    api.hasResourceProperties("AWS::Cognito::UserPool", { DeletionProtection: "INACTIVE" });
  });

  test("API Gateway's own 401, 403 and other 4xx answers have the API's JSON error shape; 401 challenges for a bearer token", () => {
    const shapeOf = (type: string) => {
      const [response] = resourcesOfType("AWS::ApiGateway::GatewayResponse").filter(([, candidate]) => candidate.Properties?.ResponseType === type);
      const properties = response?.[1].Properties as { StatusCode?: string; ResponseParameters?: Json; ResponseTemplates: Record<string, string> };
      return { status: properties.StatusCode, headers: properties.ResponseParameters ?? {}, body: JSON.parse(properties.ResponseTemplates["application/json"] as string) as Json };
    };
    expect(shapeOf("UNAUTHORIZED")).toEqual({
      status: "401",
      headers: { "gatewayresponse.header.WWW-Authenticate": `'Bearer realm="bookstore"'` },
      body: { error: { code: "UNAUTHENTICATED", message: expect.any(String), details: [{ field: "Authorization", message: expect.any(String) }] }, requestId: "$context.requestId" },
    });
    expect(shapeOf("ACCESS_DENIED")).toMatchObject({ status: "403", body: { error: { code: "FORBIDDEN" } } });
    expect(shapeOf("DEFAULT_4XX")).toMatchObject({ body: { error: { code: "VALIDATION_FAILED" }, requestId: "$context.requestId" } });
  });

  test("with browser origins allowed, those answers carry the CORS header", () => {
    const { api } = synthesizeApp({ corsAllowedOrigins: "https://app.example.com" });
    for (const type of ["UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX", "THROTTLED"]) {
      api.hasResourceProperties("AWS::ApiGateway::GatewayResponse", {
        ResponseType: type,
        ResponseParameters: Match.objectLike({ "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.Origin" }),
      });
    }
  });
});
