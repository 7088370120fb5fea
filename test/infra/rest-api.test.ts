import { API_ROUTES as LOCAL_ROUTES } from "@bookstore/local";
import { Match } from "aws-cdk-lib/assertions";
import { ACCESS_LOG_FORMAT, API_ROUTES as DEPLOYED_ROUTES, FUNCTION_TIMEOUT_SECONDS, INTEGRATION_TIMEOUT_SECONDS } from "@bookstore/api-contract";
import { bookstoreTemplate, logicalIdAt, onlyResourceOfType, resourcesOfType } from "../support/infra/cloud-assembly";

const { template, json } = bookstoreTemplate();

function pathOf(resourceId: string): string {
  const resource = json.Resources[resourceId];
  if (!resource) return "";
  const parent = resource.Properties?.ParentId as { Ref?: string } | { "Fn::GetAtt": [string, string] };
  const parentPath = "Ref" in parent && parent.Ref ? pathOf(parent.Ref) : "";
  return `${parentPath}/${resource.Properties?.PathPart as string}`;
}

function methods(): Array<{ route: string; type: string; target?: string }> {
  return resourcesOfType("AWS::ApiGateway::Method").map(([, method]) => {
    const properties = method.Properties as { HttpMethod: string; ResourceId: { Ref: string }; Integration: { Type: string; Uri?: unknown } };
    const target = JSON.stringify(properties.Integration.Uri ?? "").match(/"(BooksFunction|ReviewsFunction)[A-Za-z0-9]*"/)?.[1];
    return { route: `${properties.HttpMethod} ${pathOf(properties.ResourceId.Ref)}`, type: properties.Integration.Type, target };
  });
}

describe("the REST API", () => {
  test("declares the very route table the local runtime serves", () => {
    expect(LOCAL_ROUTES).toBe(DEPLOYED_ROUTES);
  });

  test("sends each contract method to its function through a Lambda proxy integration", () => {
    const expected = DEPLOYED_ROUTES.flatMap((route) =>
      route.methods.map((method) => ({ route: `${method} ${route.resource}`, type: "AWS_PROXY", target: route.service === "books" ? "BooksFunction" : "ReviewsFunction" })),
    );
    const integrated = methods().filter((method) => method.type === "AWS_PROXY");
    expect(integrated.sort((a, b) => a.route.localeCompare(b.route))).toEqual(expected.sort((a, b) => a.route.localeCompare(b.route)));
  });

  test("waits for each function longer than Lambda lets it run, so the function's own answer arrives, errors included", () => {
    const proxied = resourcesOfType("AWS::ApiGateway::Method")
      .map(([, method]) => (method.Properties as { Integration: { Type: string; TimeoutInMillis?: number } }).Integration)
      .filter((integration) => integration.Type === "AWS_PROXY");
    expect(proxied.length).toBeGreaterThan(0);
    expect(new Set(proxied.map((integration) => integration.TimeoutInMillis))).toEqual(new Set([INTEGRATION_TIMEOUT_SECONDS * 1_000]));
    for (const logicalId of [logicalIdAt("BookstoreApi/BooksFunction/Function/Resource"), logicalIdAt("BookstoreApi/ReviewsFunction/Function/Resource")]) {
      expect(json.Resources[logicalId]?.Properties?.Timeout).toBe(FUNCTION_TIMEOUT_SECONDS);
    }
    expect(FUNCTION_TIMEOUT_SECONDS).toBeLessThan(INTEGRATION_TIMEOUT_SECONDS);
  });

  test("answers any other method 405 itself, with Allow and the JSON error shape", () => {
    const mocks = methods().filter((method) => method.type === "MOCK" && method.route !== "GET /openapi.json");
    expect(mocks.map((method) => method.route).sort()).toEqual(DEPLOYED_ROUTES.map((route) => `ANY ${route.resource}`).sort());
    template.hasResourceProperties("AWS::ApiGateway::Method", {
      HttpMethod: "ANY",
      Integration: {
        Type: "MOCK",
        IntegrationResponses: [
          {
            StatusCode: "405",
            ResponseParameters: { "method.response.header.Allow": "'GET, PATCH, DELETE'" },
          },
        ],
      },
    });
  });

  test("answers unknown routes 404 and throttling 429 in the JSON error shape", () => {
    template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", {
      ResponseType: "MISSING_AUTHENTICATION_TOKEN",
      StatusCode: "404",
      ResponseTemplates: { "application/json": JSON.stringify({ error: { code: "NOT_FOUND", message: "no such route" }, requestId: "$context.requestId" }) },
    });
    template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", { ResponseType: "THROTTLED", StatusCode: "429" });
  });

  test("logs every request and throttles the stage", () => {
    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: "prod",
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.anyValue(),
      },
      MethodSettings: [{ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, LoggingLevel: "ERROR", HttpMethod: "*", ResourcePath: "/*" }],
      TracingEnabled: true,
    });
    expect(JSON.stringify(onlyResourceOfType("AWS::ApiGateway::Stage").Properties.AccessLogSetting)).toContain(logicalIdAt("BookstoreApi/RestApi/AccessLogs/Resource"));
  });

  test("its access log line is the contract's: a JSON object of $context variables, one per field, with the request id", () => {
    const { Format } = onlyResourceOfType("AWS::ApiGateway::Stage").Properties.AccessLogSetting as { Format: string };
    // API Gateway writes each variable's value in place, "-" for none.
    const written = JSON.parse(Format.replace(/\$context\.[A-Za-z.]+/g, "-")) as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(Object.keys(ACCESS_LOG_FORMAT));
    expect(JSON.parse(Format)).toEqual(ACCESS_LOG_FORMAT);
    expect(Object.values(ACCESS_LOG_FORMAT)).toEqual(expect.arrayContaining(["$context.requestId", "$context.status", "$context.authorizer.claims.sub", "$context.awsEndpointRequestId"]));
  });

  test("outputs what a user needs after deploying", () => {
    expect(Object.keys(json.Outputs).filter((name) => !name.startsWith("PublishOutput")).sort()).toEqual(["AlarmTopicArn", "ApiUrl", "AppSecretArn", "MigratorFunctionName", "OwnerSecretArn", "ProxyEndpoint", "SmokeTestCommand", "UserPoolClientId", "UserPoolId"]);
    expect(JSON.stringify((json.Outputs as Record<string, { Value: unknown }>).SmokeTestCommand?.Value)).toMatch(/npm run smoke -- /);
  });
});
