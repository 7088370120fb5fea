import { synthesizeApp } from "../support/infra/synth-in-process";
import { createOpenApiDocument } from "@bookstore/local";
import { API_ROUTES } from "@bookstore/api-contract";
import { Template } from "aws-cdk-lib/assertions";
import { bookstoreTemplate, resourcesOfType } from "../support/infra/cloud-assembly";

type Method = { Properties: { HttpMethod: string; ResourceId: unknown; Integration?: { Type?: string; IntegrationResponses?: Array<{ ResponseTemplates?: Record<string, string> }> } } };

const ORIGINS = "https://app.example.com,https://admin.example.com";

/** The stack synthesized in this process with CORS origins set (assets not bundled: only the template matters here). */
function templateWithCors(): Template {
  return synthesizeApp({ corsAllowedOrigins: ORIGINS }).template;
}

describe("GET /openapi.json on the deployed API", () => {
  test("answers the same document the handlers' schemas generate, after API Gateway's template processing", () => {
    const methods = resourcesOfType("AWS::ApiGateway::Method") as unknown as Array<[string, Method]>;
    const { json } = bookstoreTemplate();
    const served = methods.find(([, method]) => {
      const resource = json.Resources[(method.Properties.ResourceId as { Ref: string }).Ref];
      return method.Properties.HttpMethod === "GET" && resource?.Properties?.PathPart === "openapi.json";
    });
    expect(served).toBeDefined();
    const integration = served![1].Properties.Integration!;
    expect(integration.Type).toBe("MOCK");
    const template = integration.IntegrationResponses![0]!.ResponseTemplates!["application/json"]!;
    // Nothing API Gateway's template language would read as a reference or a directive.
    expect(template).not.toMatch(/[$#]/);
    expect(JSON.parse(template)).toEqual(createOpenApiDocument());
  });
});

describe("CORS", () => {
  test("by default no preflight is answered and the functions add no header", () => {
    const methods = resourcesOfType("AWS::ApiGateway::Method") as unknown as Array<[string, Method]>;
    expect(methods.filter(([, method]) => method.Properties.HttpMethod === "OPTIONS")).toEqual([]);
    for (const [, fn] of resourcesOfType("AWS::Lambda::Function")) {
      const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(variables.CORS_ALLOWED_ORIGINS).toBeUndefined();
    }
  });

  test("with origins set, API Gateway answers every route's preflight and both functions know the origins", () => {
    const template = templateWithCors();
    const preflights = Object.values(template.findResources("AWS::ApiGateway::Method", { Properties: { HttpMethod: "OPTIONS" } }));
    expect(preflights).toHaveLength(API_ROUTES.length);
    for (const preflight of preflights) {
      const integration = (preflight as Method).Properties.Integration!;
      expect(integration.Type).toBe("MOCK");
      const responseTemplate = JSON.stringify(integration.IntegrationResponses);
      for (const origin of ORIGINS.split(",")) expect(responseTemplate).toContain(origin);
    }
    const functions = Object.values(template.findResources("AWS::Lambda::Function")) as Array<{ Properties: { Environment?: { Variables?: Record<string, string> } } }>;
    const withOrigins = functions.filter((fn) => fn.Properties.Environment?.Variables?.CORS_ALLOWED_ORIGINS === ORIGINS);
    expect(withOrigins).toHaveLength(2);
  });
});
