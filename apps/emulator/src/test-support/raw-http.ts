// An HTTP/1.1 connection driven byte by byte: lets a test send part of a request, do something, then the
// rest (what a slow or pipelining client does), and read every response the server wrote until it closed.
import { connect, type Socket } from "node:net";

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
}

export class RawHttpConnection {
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  static open(baseUrl: string): Promise<RawHttpConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () =>
        resolve(new RawHttpConnection(socket)),
      );
      socket.once("error", reject);
    });
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Waits until the server closes the connection, then parses what it sent. */
  async responsesUntilClosed(): Promise<RawResponse[]> {
    await this.ended;
    return parseResponses(Buffer.concat(this.chunks));
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Sends raw bytes on a new connection and returns the first response once the server closes it. */
export async function exchangeOnce(baseUrl: string, bytes: string | Uint8Array): Promise<RawResponse> {
  const connection = await RawHttpConnection.open(baseUrl);
  try {
    await connection.write(bytes);
    const [response] = await connection.responsesUntilClosed();
    if (!response) throw new Error("the server closed the connection without an answer");
    return response;
  } finally {
    connection.destroy();
  }
}

/** The head of a POST with a JSON body, up to and including the blank line. */
export function postHead(path: string, headers: Record<string, string>, bodyLength: number): string {
  const lines = [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", `Content-Length: ${bodyLength}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** Responses with Content-Length bodies, one after another (the emulator never chunks its answers). */
export function parseResponses(bytes: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const headEnd = bytes.indexOf("\r\n\r\n", offset);
    if (headEnd < 0) throw new Error(`incomplete response head at byte ${offset}`);
    const [statusLine = "", ...headerLines] = bytes
      .subarray(offset, headEnd)
      .toString("latin1")
      .split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    const bodyStart = headEnd + 4;
    responses.push({ status, headers, body: bytes.subarray(bodyStart, bodyStart + length) });
    offset = bodyStart + length;
  }
  return responses;
}
