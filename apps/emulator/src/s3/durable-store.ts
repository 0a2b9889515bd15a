// Makes s3rver's filesystem store safe for model archives:
// - an upload becomes visible only once all of it arrived: it is written to a temporary file beside its
//   final name and renamed into place (atomic on one filesystem), so a client or an emulator killed
//   mid-upload (even with kill -9) leaves the previous state, never a truncated object; leftovers of
//   interrupted uploads are swept when the store opens; parts of multipart uploads likewise;
// - a flexible checksum the client sent (x-amz-checksum-crc32 …) is checked before the object or part
//   becomes visible (upload-checksum.ts): a mismatch is BadDigest and stores nothing;
// - a key the filesystem cannot hold as a file name (a path segment longer than the name limit) is an
//   object that cannot exist: reads answer NoSuchKey and writes KeyTooLongError, as S3 itself does,
//   instead of s3rver's 500 InternalError.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { dirname, join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { S3_CATALOGUE, s3Error } from "../wire/errors/s3.js";
import { uploadChecksum } from "./upload-checksum.js";

/** The part of s3rver's FilesystemStore this module replaces or calls. */
export interface FilesystemStore {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<{ size: number; md5: string }>;
  getMetadata(bucket: string, key: string): Promise<unknown>;
  getObject(bucket: string, key: string, options?: unknown): Promise<unknown>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

const PARTIAL_PREFIX = ".mme-partial-";

export async function makeStoreDurable(store: FilesystemStore): Promise<void> {
  await sweepPartialUploads(store.rootDirectory);

  const keyTooLong = (error: unknown) =>
    (error as NodeJS.ErrnoException).code === "ENAMETOOLONG"
      ? s3Error(S3_CATALOGUE.errors.KeyTooLongError, "Your key is too long")
      : error;
  const getMetadata = store.getMetadata.bind(store);
  const existsObject = store.existsObject.bind(store);
  const deleteObject = store.deleteObject.bind(store);

  /** Writes all of `content` to a partial file beside `finalPath`, checked, and returns its size and MD5. */
  const writeWhole = async (content: Buffer | Readable, finalPath: string) => {
    const partial = join(dirname(finalPath), `${PARTIAL_PREFIX}${randomUUID()}`);
    try {
      await mkdir(dirname(finalPath), { recursive: true });
      const md5 = createHash("md5");
      const checksum = Buffer.isBuffer(content)
        ? undefined
        : uploadChecksum((content as IncomingMessage).headers);
      let size = 0;
      if (Buffer.isBuffer(content)) {
        md5.update(content);
        size = content.length;
        await writeFile(partial, content);
      } else {
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            md5.update(chunk);
            checksum?.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        });
        await pipeline(content, counter, createWriteStream(partial));
        const request = content as Partial<IncomingMessage>;
        if (request.complete === false) throw new Error("the upload ended before its last byte");
      }
      const mismatch = checksum?.mismatch();
      if (mismatch) throw s3Error(S3_CATALOGUE.errors.BadDigest, mismatch);
      return { partial, size, md5: md5.digest("hex") };
    } catch (error) {
      await rm(partial, { force: true });
      throw keyTooLong(error);
    }
  };

  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, "object");
    const { partial, size, md5 } = await writeWhole(object.content, objectPath);
    try {
      await store.putMetadata(object.bucket, object.key, object.metadata, md5);
      await rename(partial, objectPath);
    } catch (error) {
      await rm(partial, { force: true });
      throw keyTooLong(error);
    }
    return { size, md5 };
  };

  // s3rver's own putPart writes in place and never settles when its source stream fails.
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId, String(partNumber));
    const { partial, size, md5 } = await writeWhole(content, partPath);
    await rename(partial, partPath);
    await writeFile(`${partPath}.md5`, md5);
    return { size, md5 };
  };
  // getObject reads through getMetadata, so both answer "no such object" for an impossible name.
  store.getMetadata = (bucket, key) => getMetadata(bucket, key).catch(asMissing);
  store.existsObject = (bucket, key) =>
    existsObject(bucket, key).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENAMETOOLONG") return false;
      throw error;
    });
  store.deleteObject = (bucket, key) =>
    deleteObject(bucket, key).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ENAMETOOLONG") throw error;
    });
}

function asMissing(error: unknown): never {
  const err = error as NodeJS.ErrnoException;
  if (err.code === "ENAMETOOLONG") err.code = "ENOENT";
  throw err;
}

/** Removes what uploads cut off by a crash left behind. */
async function sweepPartialUploads(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await sweepPartialUploads(path);
    else if (entry.name.startsWith(PARTIAL_PREFIX)) await rm(path, { force: true });
  }
}
