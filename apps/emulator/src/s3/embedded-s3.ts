/// <reference path="../types/s3rver.d.ts" />
// (s3rver ships no types: the reference brings ours along when another package compiles this file from source.)
// The zero-setup S3: s3rver where the emulator binds, with a persistent folder whose uploads are atomic,
// accepting any signature.
import { mkdir } from "node:fs/promises";
import type { Readable } from "node:stream";
import S3rver from "s3rver";
import { s3SigV4 } from "../auth/s3-sigv4.js";
import type { VerifyOptions } from "../auth/sigv4.js";
import { acceptAnyS3AccessKey } from "./accept-any-access-key.js";
import { type FilesystemStore, makeStoreDurable } from "./durable-store.js";
import { readStoredObject } from "./read-stored-object.js";
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
  /**
   * An object's bytes straight from the store, for the emulator's own reads (model downloads): what a GET
   * answers, without the HTTP round trip, SigV4 and s3rver's middleware; whole when small, else a stream.
   * Undefined when there is no such object (or bucket).
   */
  readObject(bucket: string, key: string): Promise<Readable | Uint8Array | undefined>;
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
  const store = server.store as FilesystemStore;
  await makeStoreDurable(store);
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
    readObject: async (bucket, key) => {
      // The store maps bucket and key onto paths: never let a name step outside its folder.
      if (!isPlainName(bucket) || key.split("/").some((part) => part === ".." || part === "."))
        return undefined;
      return readStoredObject(store.getResourcePath(bucket, key, "object"));
    },
    close: async () => {
      const closing = server.close();
      // Keep-alive sockets from SDK clients would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}

/** A bucket name as S3 allows it (lowercase letters, digits, dots, hyphens), which is also a safe folder name. */
function isPlainName(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes("..");
}
