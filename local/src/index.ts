export { API_ROUTES, type ServiceName } from "./api-routes";
export { createApiServer, type ApiServerOptions, type LambdaHttpHandler } from "./api-server";
export { toApiGatewayEvent } from "./api-gateway-event";
export { matchRoute } from "./match-route";
export { loadHandlers } from "./load-handlers";
export { createOpenApiDocument } from "./openapi-document";
export { PostgresCluster, type PostgresClusterOptions } from "./postgres-cluster";
export { appEnvironment, localAppRole } from "./app-role-environment";
export { postgresOsUser } from "./os-user";
