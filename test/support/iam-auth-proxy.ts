import { connect, createServer, type Server, type Socket } from "node:net";
import { freePort } from "@bookstore/test-harness";
import { checkRdsIamToken } from "./rds-iam-token";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export interface IamAuthProxyOptions {
  /** Where PostgreSQL listens; it must trust the application role from 127.0.0.1. */
  upstreamPort: number;
  region: string;
  /** The secret key of the static test credentials the functions sign with. */
  secretAccessKey: string;
}

export interface SeenToken {
  user: string;
  token: string;
  accepted: boolean;
  reason?: string;
}

/** Reads exactly `length` bytes, or the first message of a stream. */
class MessageReader {
  private buffered = Buffer.alloc(0);
  private waiting?: () => void;

  constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.waiting?.();
    });
  }

  async take(length: number): Promise<Buffer> {
    while (this.buffered.length < length) {
      await new Promise<void>((resolve, reject) => {
        this.waiting = resolve;
        this.socket.once("close", () => reject(new Error("client went away")));
      });
    }
    const taken = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    return taken;
  }

  /** What is left once authentication is done; from here on the stream is piped. */
  release(): Buffer {
    this.socket.removeAllListeners("data");
    return this.buffered;
  }
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

function startupParameters(body: Buffer): Record<string, string> {
  const parts = body.subarray(4).toString("utf8").split("\0");
  const parameters: Record<string, string> = {};
  for (let index = 0; index + 1 < parts.length; index += 2) {
    if (parts[index]) parameters[parts[index] as string] = parts[index + 1] as string;
  }
  return parameters;
}

/**
 * A stand-in for RDS Proxy's IAM authentication, on the PostgreSQL wire
 * protocol: it asks the client for a password, accepts only a valid RDS IAM
 * token for the user logging in (checked as AWS does, signature included),
 * then connects the client to PostgreSQL. It records every token it sees.
 */
export class IamAuthProxy {
  readonly tokens: SeenToken[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly options: IamAuthProxyOptions) {}

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
      void this.serve(socket).catch(() => socket.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
  }

  /** Stops listening and drops the connections still open, as a proxy going away would. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async serve(client: Socket): Promise<void> {
    const reader = new MessageReader(client);
    let startup: Buffer;
    for (;;) {
      const length = (await reader.take(4)).readInt32BE(0);
      const body = await reader.take(length - 4);
      const code = body.readInt32BE(0);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        client.write("N"); // no TLS on this stand-in; RDS Proxy itself requires it
        continue;
      }
      const header = Buffer.alloc(4);
      header.writeInt32BE(length, 0);
      startup = Buffer.concat([header, body]);
      break;
    }
    const user = startupParameters(startup.subarray(4)).user ?? "";

    const askForPassword = Buffer.alloc(9);
    askForPassword.write("R", 0);
    askForPassword.writeInt32BE(8, 1);
    askForPassword.writeInt32BE(3, 5); // AuthenticationCleartextPassword
    client.write(askForPassword);
    const type = (await reader.take(1)).toString();
    const length = (await reader.take(4)).readInt32BE(0);
    const token = (await reader.take(length - 4)).toString("utf8").replace(/\0$/, "");
    const check =
      type === "p"
        ? checkRdsIamToken(token, { endpoint: this.endpoint, user, region: this.options.region, secretAccessKey: this.options.secretAccessKey })
        : { valid: false, reason: "expected a password message" };
    this.tokens.push({ user, token, accepted: check.valid, reason: check.reason });
    if (!check.valid) {
      client.end(errorResponse("28000", `IAM authentication failed for user "${user}": ${check.reason}`));
      return;
    }

    const upstream = connect(this.options.upstreamPort, "127.0.0.1");
    this.sockets.add(upstream);
    upstream.once("close", () => this.sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.write(startup);
    const rest = reader.release();
    if (rest.length > 0) upstream.write(rest);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
