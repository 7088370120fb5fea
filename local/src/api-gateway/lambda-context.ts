import { FUNCTION_TIMEOUT_SECONDS } from "@bookstore/api-contract";
import type { Context } from "aws-lambda";

/** The context object Lambda passes a handler, for a local invocation. */
export function lambdaContext(functionName: string, requestId: string, timeoutMs = FUNCTION_TIMEOUT_SECONDS * 1_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
