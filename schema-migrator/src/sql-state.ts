/** The SQLSTATE of a failed statement: from pg's error, or from the Data API's message (`…; SQLState: 23505`). */
export function sqlStateOf(error: unknown): string | undefined {
  const failure = error as { driverError?: { code?: unknown; message?: unknown }; code?: unknown; message?: unknown };
  for (const code of [failure?.driverError?.code, failure?.code]) if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  const message = String(failure?.driverError?.message ?? failure?.message ?? "");
  return /SQLState: (\w{5})/.exec(message)?.[1];
}
