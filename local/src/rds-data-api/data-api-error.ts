/**
 * An error as the Data API sends it (restJson1): the status code the service
 * model gives the error, its name in `x-amzn-errortype`, and a JSON body
 * with `message` (and any other members of the error's shape).
 */
export class DataApiError extends Error {
  constructor(
    readonly errorType: DataApiErrorType,
    message: string,
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return DATA_API_ERROR_STATUS[this.errorType];
  }
}

/** The errors of the rds-data 2018-08-01 model that this endpoint answers, with their HTTP status. */
export const DATA_API_ERROR_STATUS = {
  BadRequestException: 400,
  DatabaseErrorException: 400,
  DatabaseResumingException: 400,
  HttpEndpointNotEnabledException: 400,
  SecretsErrorException: 400,
  InvalidSecretException: 400,
  StatementTimeoutException: 400,
  ForbiddenException: 403,
  NotFoundException: 404,
  TransactionNotFoundException: 404,
  InternalServerErrorException: 500,
  ServiceUnavailableError: 503,
  DatabaseUnavailableException: 504,
} as const;

export type DataApiErrorType = keyof typeof DATA_API_ERROR_STATUS;

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * How the service answers a statement that failed: PostgreSQL's error as a
 * DatabaseErrorException, a connection lost under it (no SQLSTATE: a socket
 * error, the connection ended) as DatabaseUnavailableException.
 */
export function statementError(error: { message: string; code?: string; detail?: string; position?: string }): DataApiError {
  if (!error.code || !SQLSTATE.test(error.code)) return new DataApiError("DatabaseUnavailableException", "the connection to the database was lost");
  return databaseError(error);
}

/**
 * A PostgreSQL error in the Data API's words: `ERROR: <message>`, the detail
 * and position when there are any, and `; SQLState: <code>` at the end.
 */
function databaseError(error: { message: string; code?: string; detail?: string; position?: string }): DataApiError {
  const detail = error.detail ? `\n  Detail: ${error.detail}` : "";
  const position = error.position ? `\n  Position: ${error.position}` : "";
  return new DataApiError("DatabaseErrorException", `ERROR: ${error.message}${detail}${position}; SQLState: ${error.code ?? "XX000"}`);
}
