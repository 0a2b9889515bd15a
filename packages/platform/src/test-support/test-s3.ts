// A real S3 peer for the platform's tests: s3rver on a free loopback port over a folder, with the
// buckets named (credentials S3RVER/S3RVER). The emulator's embedded S3 adds its wire hardening on top.
import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import S3rver from "s3rver";

export interface TestS3 {
  url: string;
  close(): Promise<void>;
}

export async function startTestS3(options: { directory: string; buckets: string[] }): Promise<TestS3> {
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      const closing = server.close();
      // Keep-alive sockets from SDK clients would otherwise hold close() open.
      (server as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
      await closing;
    },
  };
}
