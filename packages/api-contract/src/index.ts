export { API_ROUTES, CORS_ALLOWED_HEADERS, type ServiceName } from "./api-routes";
export { codesWithStatus, ERROR_CODES, type ErrorCode } from "./error-codes";
