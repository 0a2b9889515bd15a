// The floor for fronting an HTTP container: a bare node:http server that forwards each POST to one model
// of the container (`POST /models/{name}/invoke`, with the content type and TargetModel headers) through an
// undici Pool's dispatch, and answers with the container's status, content type and body. No routing, no validation, no metrics: what any proxy in
// Node must pay. `node benchmarks/dist/floor/bare-proxy.js --upstream URL --model NAME`; prints
// "listening on http://127.0.0.1:PORT".
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { type Dispatcher, Pool } from "undici";

const { values } = parseArgs({
  options: {
    upstream: { type: "string" },
    model: { type: "string" },
    port: { type: "string", default: "0" },
  },
});
if (!values.upstream || !values.model) {
  console.error("usage: bare-proxy --upstream URL --model NAME [--port N]");
  process.exit(2);
}
const pool = new Pool(values.upstream, { connections: 64 });
const path = `/models/${encodeURIComponent(values.model)}/invoke`;

class Forward implements Dispatcher.DispatchHandler {
  readonly chunks: Buffer[] = [];
  status = 0;
  contentType = "application/octet-stream";
  constructor(readonly res: ServerResponse) {}
  onRequestStart(): void {}
  onResponseStart(
    _c: unknown,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    const type = headers["content-type"];
    if (typeof type === "string") this.contentType = type;
  }
  onResponseData(_c: unknown, chunk: Buffer): void {
    this.chunks.push(chunk);
  }
  onResponseEnd(): void {
    this.res.statusCode = this.status;
    this.res.setHeader("Content-Type", this.contentType);
    this.res.end(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks));
  }
  onResponseError(): void {
    this.res.statusCode = 502;
    this.res.end();
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    pool.dispatch(
      {
        method: "POST",
        path,
        headers: {
          "content-type": req.headers["content-type"] ?? "application/octet-stream",
          "x-amzn-sagemaker-target-model": req.headers["x-amzn-sagemaker-target-model"] ?? "",
        },
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
      },
      new Forward(res),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void pool.close().then(() => process.exit(0));
});
