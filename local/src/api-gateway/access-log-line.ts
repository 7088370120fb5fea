import { ACCESS_LOG_FORMAT, type AccessLogVariable } from "@bookstore/api-contract";

export type AccessLogValues = Partial<Record<AccessLogVariable, string | number | undefined>>;

/** The access log line API Gateway would write for these `$context` values: each as a string, "-" for none. */
export function accessLogLine(values: AccessLogValues): string {
  const line: Record<string, string> = {};
  for (const [field, variable] of Object.entries(ACCESS_LOG_FORMAT)) {
    const value = values[variable];
    line[field] = value === undefined || value === "" ? "-" : String(value);
  }
  return JSON.stringify(line);
}
