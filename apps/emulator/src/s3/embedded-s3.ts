// The zero-setup S3: s3rver where the emulator binds, with a persistent folder whose uploads are atomic,
// accepting any signature.
import { mkdir } from "node:fs/promises";
import S3rver from "s3rver";
import { s3SigV4 } from "../auth/s3-sigv4.js";
import type { VerifyOptions } from "../auth/sigv4.js";
import { acceptAnyS3AccessKey } from "./accept-any-access-key.js";
import { type FilesystemStore, makeStoreDurable } from "./durable-store.js";
import { echoUploadChecksum } from "./upload-checksum.js";
import { type PartStore, uploadPartCopy } from "./upload-part-copy.js";

export interface EmbeddedS3Options {
  host: string;
  port: number;
  directory: string;
  buckets: string[];
  /** Verify AWS Signature V4 against these keys (S3's XML errors); absent: any signature. */
  auth?: VerifyOptions;
}

export interface EmbeddedS3 {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  acceptAnyS3AccessKey();
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: options.host,
    port: options.port,
    directory: options.directory,
    silent: true,
    allowMismatchedSignatures: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  await makeStoreDurable(server.store as FilesystemStore);
  // Just before s3rver's router, after its XML encoding of answers and its error rendering.
  server.middleware.splice(
    server.middleware.length - 1,
    0,
    echoUploadChecksum,
    uploadPartCopy(server.store as PartStore),
  );
  // First in the chain: nothing of s3rver runs for a request whose signature is refused.
  if (options.auth) server.middleware.unshift(s3SigV4(options.auth));
  const address = await server.run();
  return {
    url: `http://${options.host}:${address.port}`,
    port: address.port,
    close: async () => {
      const closing = server.close();
      // Keep-alive sockets from SDK clients would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}
