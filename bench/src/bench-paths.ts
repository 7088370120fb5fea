import { resolve } from "node:path";

/** The bench's own folder. */
export const BENCH_ROOT = resolve(__dirname, "..");
/** The checkout the bench measures. */
export const PROJECT_ROOT = resolve(BENCH_ROOT, "..");
