import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";

/** A segment or subsegment as the X-Ray SDK sends it (the fields the tests read). */
export interface TraceDocument {
  id: string;
  name: string;
  parent_id?: string;
  annotations?: Record<string, string>;
}

/**
 * A stand-in for the X-Ray daemon: a UDP socket the SDK sends its segments
 * to. It keeps what it receives (`documents`) only when asked to; otherwise
 * it reads and drops them, as the daemon accepts them.
 */
export class XRayDaemon {
  readonly documents: TraceDocument[] = [];

  private constructor(
    private readonly socket: Socket,
    /** host:port, as AWS_XRAY_DAEMON_ADDRESS takes it. */
    readonly address: string,
  ) {}

  static async start({ keep = false }: { keep?: boolean } = {}): Promise<XRayDaemon> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const daemon = new XRayDaemon(socket, `127.0.0.1:${(socket.address() as AddressInfo).port}`);
    // Each datagram is a JSON header line, then the document.
    socket.on("message", keep ? (datagram) => daemon.documents.push(JSON.parse(datagram.toString().split("\n")[1] as string) as TraceDocument) : () => undefined);
    return daemon;
  }

  close(): void {
    this.socket.close();
  }
}

/** The parent id of every invocation's trace header below: the Lambda function's segment. */
export const LAMBDA_SEGMENT_ID = "53995c3f42cd8ad8";

/**
 * What Lambda sets for a traced function (the runtime, the task root, an
 * invocation's trace header, sampled or not), with tracing switched on and
 * the segments sent to `daemonAddress`.
 */
export function lambdaTraceEnvironment(daemonAddress: string, { sampled = true }: { sampled?: boolean } = {}): Record<string, string> {
  return {
    POWERTOOLS_TRACE_ENABLED: "true",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
    LAMBDA_TASK_ROOT: "/var/task",
    _X_AMZN_TRACE_ID: `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${LAMBDA_SEGMENT_ID};Sampled=${sampled ? 1 : 0}`,
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
  };
}
