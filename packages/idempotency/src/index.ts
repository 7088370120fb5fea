export { answerOnce, REPLAYED_HEADER } from "./answer-once";
export { IDEMPOTENCY_KEY_HEADER, readIdempotencyKey } from "./idempotency-key";
export { idempotencyRecords } from "./idempotency-records";
export { idempotencyKeyHeader, replayedHeader } from "./openapi-parts";
