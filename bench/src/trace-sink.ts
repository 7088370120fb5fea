import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";

/** Where the traced containers send their X-Ray subsegments: a UDP socket that reads and drops them, as a daemon would accept them. */
export async function startTraceSink(): Promise<{ address: string; close(): void }> {
  const socket = createSocket("udp4");
  socket.on("message", () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return { address: `127.0.0.1:${port}`, close: () => socket.close() };
}
