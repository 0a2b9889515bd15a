import type { Server } from "node:http";
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
  const app = createRuntimeApp(runtime);
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 8080, host, (error?: Error) => (error ? reject(error) : resolve(s)));
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
