import { freePort } from "@bookstore/test-harness";
import { createConnection, createServer, type Server, type Socket } from "node:net";

// pg's wire protocol: a message is its type byte, then a 4-byte length that counts itself and the body.
const READY_FOR_QUERY = "Z".charCodeAt(0);

/** An ErrorResponse as PostgreSQL sends it when pg_terminate_backend ends a session. */
function adminShutdown(): Buffer {
  const fields = ["SFATAL", "VFATAL", "C57P01", "Mterminating connection due to administrator command"];
  const body = Buffer.concat([...fields.map((field) => Buffer.from(`${field}\0`)), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * A proxy in front of PostgreSQL that ends the first `count` sessions as the
 * server does when they are terminated the moment they are ready: the
 * session's ReadyForQuery and the FATAL that follows reach the client in one
 * write, so its driver reads both in the same turn of the event loop. The
 * sessions after those pass through untouched.
 */
export class TerminateOnReadyProxy {
  private readonly sockets = new Set<Socket>();
  private terminated = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
    private readonly count: number,
  ) {}

  static async start(targetUrl: string, count: number): Promise<TerminateOnReadyProxy> {
    const parsed = new URL(targetUrl);
    const port = await freePort();
    const proxy: TerminateOnReadyProxy = new TerminateOnReadyProxy(
      createServer((client) => proxy.forward(client)),
      port,
      { host: parsed.hostname, port: Number(parsed.port || 5432) },
      count,
    );
    await new Promise<void>((resolve) => proxy.server.listen(port, "127.0.0.1", resolve));
    return proxy;
  }

  /** Sessions ended so far. */
  get sessionsTerminated(): number {
    return this.terminated;
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const routed = new URL(url);
    routed.hostname = "127.0.0.1";
    routed.port = String(this.port);
    return routed.toString();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket): void {
    const server = createConnection(this.target);
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server);
    if (this.terminated >= this.count) {
      server.pipe(client);
      return;
    }
    this.terminated += 1;
    this.endWhenReady(server, client);
  }

  /**
   * Passes the server's startup answers on message by message (password
   * authentication is a conversation) until its first ReadyForQuery, which
   * goes out in one write with the FATAL; then ends both sides.
   */
  private endWhenReady(server: Socket, client: Socket): void {
    let pending = Buffer.alloc(0);
    server.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let complete = 0;
      while (complete + 5 <= pending.length) {
        const end = complete + 1 + pending.readInt32BE(complete + 1);
        if (end > pending.length) break;
        if (pending[complete] === READY_FOR_QUERY) {
          client.end(Buffer.concat([pending.subarray(0, end), adminShutdown()]));
          server.destroy();
          return;
        }
        complete = end;
      }
      client.write(pending.subarray(0, complete));
      pending = pending.subarray(complete);
    });
  }
}
