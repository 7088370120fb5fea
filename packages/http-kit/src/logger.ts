import { Logger } from "@aws-lambda-powertools/logger";

/** Structured JSON logs; the level comes from POWERTOOLS_LOG_LEVEL (INFO by default). */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/**
 * What of an error goes to the log: never the SQL parameters TypeORM
 * attaches (they hold request data), only what locates the fault.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: "NonError", message: String(error) };
  const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, code, stack: error.stack };
}
