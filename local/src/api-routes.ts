/**
 * The REST API's resources, methods and serving functions: the table the
 * CDK app deploys, served the same way here.
 */
export { API_ROUTES, type ServiceName } from "@bookstore/infra/lib/api-routes";
