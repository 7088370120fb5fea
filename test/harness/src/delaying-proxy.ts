import { createConnection, createServer, type Server, type Socket } from "node:net";
import { freePort } from "./free-port";
import { PreciseDelay } from "./precise-delay";

/** Which way chunks are held: both, or only the server's answers (a round trip of `delayMs`). */
export type DelayedDirections = "both" | "answers";

/**
 * A TCP proxy that holds every chunk for `delayMs` (each way, or only the
 * server's answers), in order: a
 * database a few milliseconds away, as it is across a network in AWS, on a
 * machine without netem. Point a connection URL at `url()` instead of the
 * server.
 */
export class DelayingProxy {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
    private readonly toServer: PreciseDelay,
    private readonly toClient: PreciseDelay,
  ) {}

  static async start(targetUrl: string, delayMs: number, directions: DelayedDirections = "both"): Promise<DelayingProxy> {
    const parsed = new URL(targetUrl);
    const target = { host: parsed.hostname, port: Number(parsed.port || 5432) };
    const port = await freePort();
    const proxy: DelayingProxy = new DelayingProxy(
      createServer((client) => proxy.forward(client)),
      port,
      target,
      new PreciseDelay(directions === "both" ? delayMs : 0),
      new PreciseDelay(delayMs),
    );
    await new Promise<void>((resolve) => proxy.server.listen(port, "127.0.0.1", resolve));
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const routed = new URL(url);
    routed.hostname = "127.0.0.1";
    routed.port = String(this.port);
    return routed.toString();
  }

  private forward(client: Socket): void {
    const server = createConnection(this.target);
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        server.destroy();
      });
    }
    const relay = (from: Socket, to: Socket, delay: PreciseDelay) => {
      from.on("data", (chunk) => delay.run(() => to.writable && to.write(chunk)));
      from.on("end", () => delay.run(() => to.end()));
    };
    relay(client, server, this.toServer);
    relay(server, client, this.toClient);
  }

  /** Drops every connection through it, as a failed network path does; new ones are still let through. */
  cutConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.cutConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([this.toServer.close(), this.toClient.close()]);
  }
}
