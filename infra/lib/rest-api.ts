import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ACCESS_LOG_TEMPLATE, API_ROUTES, CORS_ALLOWED_HEADERS, ERROR_CODES, INTEGRATION_TIMEOUT_SECONDS, type Access, type ErrorCode, type ServiceName } from "@bookstore/api-contract";

const statusOf = (code: ErrorCode) => String(ERROR_CODES[code].status);
const METHOD_NOT_ALLOWED = statusOf("METHOD_NOT_ALLOWED");

export interface BookstoreApiProps {
  readonly functions: Record<ServiceName, lambda.IFunction>;
  /** Steady requests per second and burst allowed for the whole API, all methods together. */
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  /**
   * Browser origins allowed to call the API (CORS): preflights are answered
   * by API Gateway; the functions add the header to their own answers.
   * @default - none: no preflight is answered and no header is added
   */
  readonly corsAllowedOrigins?: readonly string[];
  /** Of the access and execution logs. */
  readonly logRetention: logs.RetentionDays;
  /** The OpenAPI document, served as it is at GET /openapi.json. */
  readonly openApiDocument: string;
  /** Verifies the ID token of every method that is not open to anyone. */
  readonly authorizer: apigateway.IAuthorizer;
  /** Reads need a token too. @default false */
  readonly requireSignInForReads?: boolean;
}

const JSON_TYPE = "application/json";
const STAGE_NAME = "prod";
const errorTemplate = (code: ErrorCode, message: string, details?: Array<{ field: string; message: string }>) =>
  JSON.stringify({ error: { code, message, ...(details ? { details } : {}) }, requestId: "$context.requestId" });

/**
 * A mock integration answering 200 with a fixed JSON document. The body is
 * a mapping template, where `$` and `#` would be read as template syntax;
 * in JSON they can only occur inside strings, so they are written as the
 * escapes \u0024 and \u0023, which every JSON parser reads back as the same
 * characters.
 */
function staticJson(json: string): apigateway.MockIntegration {
  const body = json.replace(/\$/g, "\\u0024").replace(/#/g, "\\u0023");
  return new apigateway.MockIntegration({
    requestTemplates: { [JSON_TYPE]: '{"statusCode": 200}' },
    passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
    integrationResponses: [
      {
        statusCode: "200",
        responseParameters: { "method.response.header.Content-Type": "'application/json; charset=utf-8'" },
        responseTemplates: { [JSON_TYPE]: body },
      },
    ],
  });
}

/**
 * The REST API: each resource's contract methods go to its function
 * (Lambda proxy integration); any other method is answered 405 by API
 * Gateway itself, and unknown routes 404, both in the API's JSON error shape.
 */
export class BookstoreApi extends Construct {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: BookstoreApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // API Gateway applies a stage's throttle to each method on its own: the
    // whole API's ceiling is shared out so that the methods' sum is it.
    const backedMethods = API_ROUTES.reduce((count, route) => count + route.methods.length, 0);
    const perMethod = (limit: number) => Math.max(1, Math.floor(limit / backedMethods));
    this.api = new apigateway.RestApi(this, "Api", {
      description: "Bookstore: books and their reviews",
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: STAGE_NAME,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(ACCESS_LOG_TEMPLATE),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        tracingEnabled: true,
        throttlingRateLimit: perMethod(props.throttlingRateLimit),
        throttlingBurstLimit: perMethod(props.throttlingBurstLimit),
      },
    });

    // API Gateway writes its execution logs to a group of this name, which it
    // would create without a retention; created here first, it has one.
    const executionLogs = new logs.LogGroup(this, "ExecutionLogs", {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${STAGE_NAME}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);

    // The stack outputs the URL itself, as ApiUrl.
    this.api.node.tryRemoveChild("Endpoint");

    const timeout = Duration.seconds(INTEGRATION_TIMEOUT_SECONDS);
    const integrations = {
      books: new apigateway.LambdaIntegration(props.functions.books, { proxy: true, timeout }),
      reviews: new apigateway.LambdaIntegration(props.functions.reviews, { proxy: true, timeout }),
    } satisfies Record<ServiceName, apigateway.Integration>;

    const origins = [...(props.corsAllowedOrigins ?? [])];
    const signIn = { authorizer: props.authorizer, authorizationType: apigateway.AuthorizationType.COGNITO };
    const needsToken = (access: Access) => access !== "anyone" || props.requireSignInForReads === true;
    for (const route of API_ROUTES) {
      const resource = this.api.root.resourceForPath(route.resource);
      for (const method of route.methods) {
        const access: Access = route.access[method as keyof typeof route.access];
        resource.addMethod(method, integrations[route.service], needsToken(access) ? signIn : {});
      }
      if (origins.length > 0) {
        resource.addCorsPreflight({ allowOrigins: origins, allowMethods: [...route.methods], allowHeaders: [...CORS_ALLOWED_HEADERS], maxAge: Duration.minutes(10) });
      }
      resource.addMethod("ANY", this.methodNotAllowed(route.methods), {
        methodResponses: [
          {
            statusCode: METHOD_NOT_ALLOWED,
            responseParameters: { "method.response.header.Allow": true, "method.response.header.Content-Type": true },
          },
        ],
      });
    }

    this.api.root.addResource("openapi.json").addMethod("GET", staticJson(props.openApiDocument), {
      methodResponses: [{ statusCode: "200", responseParameters: { "method.response.header.Content-Type": true } }],
    });

    this.addGatewayResponses(origins);
  }

  /**
   * API Gateway's own answers, in the API's JSON error shape. Where browser
   * origins are allowed they carry the CORS header too, echoing the
   * request's origin (they hold no data, only the error), so that a page
   * can read why it was refused.
   */
  private addGatewayResponses(origins: readonly string[]): void {
    const responseHeaders: Record<string, string> = origins.length > 0 ? { "Access-Control-Allow-Origin": "method.request.header.Origin", Vary: "'Origin'" } : {};
    const respond = (id: string, options: apigateway.GatewayResponseOptions) =>
      this.api.addGatewayResponse(id, { ...options, responseHeaders: { ...responseHeaders, ...options.responseHeaders } });
    const authorizationDetail = [{ field: "Authorization", message: "a valid bearer token (an ID token of the user pool) is required" }];
    respond("Unauthenticated", {
      type: apigateway.ResponseType.UNAUTHORIZED,
      statusCode: statusOf("UNAUTHENTICATED"),
      responseHeaders: { "WWW-Authenticate": `'Bearer realm="bookstore"'` },
      templates: { [JSON_TYPE]: errorTemplate("UNAUTHENTICATED", "sign in first: no valid bearer token", authorizationDetail) },
    });
    respond("AccessDenied", {
      type: apigateway.ResponseType.ACCESS_DENIED,
      statusCode: statusOf("FORBIDDEN"),
      templates: { [JSON_TYPE]: errorTemplate("FORBIDDEN", "not allowed") },
    });
    respond("Default4xx", {
      type: apigateway.ResponseType.DEFAULT_4XX,
      templates: { [JSON_TYPE]: errorTemplate("VALIDATION_FAILED", "the request was refused") },
    });
    respond("UnknownRoute", {
      type: apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: statusOf("NOT_FOUND"),
      templates: { [JSON_TYPE]: errorTemplate("NOT_FOUND", "no such route") },
    });
    respond("TooLarge", {
      type: apigateway.ResponseType.REQUEST_TOO_LARGE,
      statusCode: statusOf("PAYLOAD_TOO_LARGE"),
      templates: { [JSON_TYPE]: errorTemplate("PAYLOAD_TOO_LARGE", "the request is too large") },
    });
    respond("Throttled", {
      type: apigateway.ResponseType.THROTTLED,
      statusCode: statusOf("THROTTLED"),
      responseHeaders: { "Retry-After": "'1'" },
      templates: { [JSON_TYPE]: errorTemplate("THROTTLED", "too many requests; retry shortly") },
    });
    respond("Default5xx", {
      type: apigateway.ResponseType.DEFAULT_5XX,
      templates: { [JSON_TYPE]: errorTemplate("INTERNAL", "internal error") },
    });
  }

  /** A mock integration: API Gateway answers 405 without invoking anything. */
  private methodNotAllowed(allowed: readonly string[]): apigateway.MockIntegration {
    const allow = allowed.join(", ");
    return new apigateway.MockIntegration({
      requestTemplates: { [JSON_TYPE]: JSON.stringify({ statusCode: ERROR_CODES.METHOD_NOT_ALLOWED.status }) },
      passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
      integrationResponses: [
        {
          statusCode: METHOD_NOT_ALLOWED,
          responseParameters: {
            "method.response.header.Allow": `'${allow}'`,
            "method.response.header.Content-Type": "'application/json; charset=utf-8'",
          },
          responseTemplates: {
            [JSON_TYPE]: JSON.stringify({
              error: { code: "METHOD_NOT_ALLOWED" satisfies ErrorCode, message: `use ${allow}` },
              requestId: "$context.requestId",
            }),
          },
        },
      ],
    });
  }
}
