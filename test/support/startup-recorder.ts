import { freePort } from "@bookstore/test-harness";
import { createServer, type Server, type Socket } from "node:net";

const SSL_REQUEST = 80877103;
const PROTOCOL_3 = 196608;

/**
 * A server that speaks just enough of PostgreSQL's wire protocol to read
 * what a client sends in its startup message (user, database and every
 * parameter), then refuses the login. What a layer sends before any query.
 */
export class StartupRecorder {
  readonly startups: Array<Record<string, string>> = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<StartupRecorder> {
    const port = await freePort();
    const recorder: StartupRecorder = new StartupRecorder(
      createServer((socket) => recorder.serve(socket)),
      port,
    );
    await new Promise<void>((resolve) => recorder.server.listen(port, "127.0.0.1", resolve));
    return recorder;
  }

  url(database = "postgres"): string {
    return `postgres://app:secret@127.0.0.1:${this.port}/${database}`;
  }

  private serve(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    socket.on("error", () => undefined);
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readInt32BE(0)) {
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        const body = buffered.subarray(8, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST) {
          socket.write("N");
          continue;
        }
        if (code === PROTOCOL_3) {
          const parts = body.toString("utf8").split("\0");
          const startup: Record<string, string> = {};
          for (let index = 0; index + 1 < parts.length && parts[index]; index += 2) startup[parts[index] as string] = parts[index + 1] as string;
          this.startups.push(startup);
        }
        const message = Buffer.from("SFATAL\0C28000\0Mrecorded, not accepted\0\0", "utf8");
        const header = Buffer.alloc(5);
        header.write("E", 0);
        header.writeInt32BE(message.length + 4, 1);
        socket.end(Buffer.concat([header, message]));
        return;
      }
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
