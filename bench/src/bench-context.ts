import type { Context } from "aws-lambda";

/** The Lambda context the bench's processes invoke a handler with: ten seconds left, always. */
export function benchContext(requestId: string): Context {
  return { awsRequestId: requestId, functionName: "bench", getRemainingTimeInMillis: () => 10_000 } as Context;
}
