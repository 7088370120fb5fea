import { median } from "./stats";

/** The page size of the machines the bench runs on and of Lambda's (x86_64 and arm64 Linux). */
const PAGE_BYTES = 4096;

/**
 * What touching a page of fresh memory costs, in µs: the kernel's work to
 * back it (a zeroed page, and under a hypervisor the host's own), the
 * median of three 64 MB buffers written once a page. It sets two kinds of
 * machine apart: where it is ≈10 µs, a process that touches more memory
 * (a cold start, a young container's compiles) pays for every page of it
 * (docs/performance.md).
 */
export function firstTouchMicros(megabytes = 64): number {
  const bytes = megabytes * 1024 * 1024;
  const times: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const started = process.hrtime.bigint();
    const buffer = Buffer.allocUnsafeSlow(bytes);
    for (let offset = 0; offset < bytes; offset += PAGE_BYTES) buffer[offset] = 1;
    times.push(Number(process.hrtime.bigint() - started) / 1000 / (bytes / PAGE_BYTES));
  }
  return median(times);
}
