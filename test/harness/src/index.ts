export { PgBouncer, type PgBouncerOptions } from "./pgbouncer";
export { CHROMIUM_INSTALL_HINT, findChromium, findPgBouncer, PGBOUNCER_INSTALL_HINT } from "./system-binaries";
export { freePort } from "./free-port";
export { createScratchDatabase, type ScratchDatabase } from "./scratch-database";
export { startScratchPostgres } from "./scratch-postgres";
export { aBook, aReview, type BookBody, type ReviewBody } from "./fixtures";
export { DelayingProxy } from "./delaying-proxy";
export { readServerVersionSetting, serverVersionSetting } from "./server-version";
export { LAMBDA_SEGMENT_ID, lambdaTraceEnvironment, XRayDaemon, type TraceDocument } from "./xray-daemon";
