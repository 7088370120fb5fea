export { ACCESS_LOG_FORMAT, ACCESS_LOG_TEMPLATE, type AccessLogVariable } from "./access-log-format";
export { accessOf, API_ROUTES, CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, EDITORS_GROUP, FUNCTION_TIMEOUT_SECONDS, INTEGRATION_TIMEOUT_SECONDS, type Access, type ServiceName } from "./api-routes";
export { codesWithStatus, ERROR_CODES, type ErrorCode } from "./error-codes";
