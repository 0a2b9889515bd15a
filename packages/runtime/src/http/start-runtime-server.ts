import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EmbeddedRuntime, type EmbeddedRuntimeOptions } from "../embedded-runtime.js";
import { createRuntimeApp } from "./create-runtime-app.js";

export interface StartRuntimeServerOptions extends EmbeddedRuntimeOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** An existing runtime to serve; one is created from the other options otherwise. */
  runtime?: EmbeddedRuntime;
  /** What POST /invocations runs (Triton: SAGEMAKER_TRITON_DEFAULT_MODEL_NAME). */
  defaultModelName?: string;
}

export interface RuntimeServer {
  runtime: EmbeddedRuntime;
  server: Server;
  port: number;
  url: string;
  /** Stops accepting, waits for in-flight requests, then unloads every model. */
  close(): Promise<void>;
}

export async function startRuntimeServer(options: StartRuntimeServerOptions = {}): Promise<RuntimeServer> {
  const runtime = options.runtime ?? new EmbeddedRuntime({ warmOnnxThread: true, ...options });
  const server = createServer(
    createRuntimeApp(runtime, options.defaultModelName ? { defaultModelName: options.defaultModelName } : {}),
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    runtime,
    server,
    port,
    url: `http://${host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await runtime.close();
    },
  };
}
