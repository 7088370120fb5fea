import { ApiError, signedInCaller, type ApiRequest } from "@bookstore/http-kit";
import { environment, type IdempotencyRecord } from "@bookstore/orm";
import { inOneTransaction } from "@bookstore/store-kit";
import { telemetry } from "@bookstore/telemetry";
import type { APIGatewayProxyResult } from "aws-lambda";
import { IDEMPOTENCY_KEY_HEADER, readIdempotencyKey } from "./idempotency-key";
import { idempotencyRecords, KeyInFlightError, KeyTakenError, type RecordId } from "./idempotency-records";
import { requestFingerprint } from "./request-fingerprint";

export const REPLAYED_HEADER = "idempotent-replayed";

// A claim can find its key taken by a record that then turns out gone (its
// request rolled back) or expired (removed here): each a new try.
const CLAIM_ATTEMPTS = 3;
// Expired records go a batch at a time, from the request path of whichever
// container's turn it is: no scheduler, no separate service.
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 500;
let nextSweepAt = 0;

const inProgress = () =>
  new ApiError(
    "REQUEST_IN_PROGRESS",
    "a request with this Idempotency-Key is still being processed; retry after Retry-After seconds to get its answer",
    [{ field: IDEMPOTENCY_KEY_HEADER, message: "is in use by a request in progress" }],
    { "retry-after": "1" },
  );

const reused = () =>
  new ApiError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request; send a new key for a new request", [
    { field: IDEMPOTENCY_KEY_HEADER, message: "was used for a different request (method, path or body)" },
  ]);

function expiry(): Date {
  return new Date(Date.now() + environment().get("IDEMPOTENCY_KEY_TTL_SECONDS") * 1_000);
}

async function sweepNowAndThen(): Promise<void> {
  if (Date.now() < nextSweepAt) return;
  nextSweepAt = Date.now() + SWEEP_INTERVAL_MS;
  try {
    telemetry().count("IdempotencyRecordsExpired", await idempotencyRecords.removeExpired(SWEEP_BATCH));
  } catch {
    // The answer is committed; the batch waits for the next turn.
    telemetry().count("IdempotencySweepFailures");
  }
}

/** The kept answer again, or why the key cannot give it. */
function replay(record: IdempotencyRecord, fingerprint: string): APIGatewayProxyResult {
  if (record.fingerprint !== fingerprint) throw reused();
  if (record.responseStatus === null) throw inProgress();
  telemetry().count("IdempotentReplays");
  const headers = JSON.parse(record.responseHeaders ?? "{}") as Record<string, string>;
  return { statusCode: record.responseStatus, headers: { ...headers, [REPLAYED_HEADER]: "true" }, body: record.responseBody ?? "" };
}

/**
 * A create that runs once per Idempotency-Key (the IETF draft's semantics).
 * Without the header `create` simply runs. With it, the key (scoped to the
 * caller and the route) is claimed, `create` runs, and its answer is kept,
 * all in one transaction: a created row never lacks its record, nor a
 * record its row. A retry of the same request gets the kept answer with
 * `Idempotent-Replayed: true` and writes nothing; the key with another
 * request is a 422; a retry while the first is still in flight a 409.
 * `create` must do its writes through the stores (they join the
 * transaction) and answer without throwing for the answer to be kept.
 */
export async function answerOnce(request: ApiRequest, create: () => Promise<APIGatewayProxyResult>): Promise<APIGatewayProxyResult> {
  const key = readIdempotencyKey(request.event);
  if (key === undefined) return create();
  const id: RecordId = { callerSubject: signedInCaller(request).subject, route: request.event.resource, idempotencyKey: key };
  const fingerprint = requestFingerprint(request.event);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await inOneTransaction(async (manager) => {
        await idempotencyRecords.claim(manager, id, fingerprint, expiry());
        const created = await create();
        await idempotencyRecords.keep(manager, id, created);
        return created;
      });
      await sweepNowAndThen();
      return answer;
    } catch (error) {
      if (error instanceof KeyInFlightError) throw inProgress();
      if (!(error instanceof KeyTakenError)) throw error;
    }
    const record = await idempotencyRecords.find(id);
    if (record && record.expiresAt > new Date()) return replay(record, fingerprint);
    if (record) await idempotencyRecords.removeIfExpired(id);
    if (attempt === CLAIM_ATTEMPTS) throw inProgress();
  }
}
