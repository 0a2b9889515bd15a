// Streaming, refusing extraction of a model archive: bytes → gunzip → untar, as one stream, into a
// staging folder that is renamed into place only when the whole archive was accepted.

import { randomUUID } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { type ReadEntry, Unpack } from "tar";
import { ArchiveError } from "./errors.js";
import { checkEntry } from "./tar-entry-rules.js";

export interface ExtractLimits {
  /** Total bytes of regular files the archive may expand to. */
  maxBytes: number;
  /** Number of entries (files, folders, links) the archive may hold. */
  maxEntries: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxBytes: 8 * 1024 ** 3, maxEntries: 10_000 };

/** Per-entry header and padding allowance when bounding the raw decompressed tar stream. */
const TAR_OVERHEAD_PER_ENTRY = 4096;

export type Extractor = (
  archive: Readable,
  destDir: string,
  options?: Partial<ExtractLimits> & { signal?: AbortSignal },
) => Promise<number>;

/**
 * Extracts a .tar.gz stream into `destDir` (which must not be in use: it is replaced). Returns the
 * bytes of regular files written. Any refusal or failure leaves neither `destDir` nor a staging folder.
 */
export const safeExtract: Extractor = async (archive, destDir, options = {}) => {
  const limits: ExtractLimits = {
    maxBytes: options.maxBytes ?? DEFAULT_EXTRACT_LIMITS.maxBytes,
    maxEntries: options.maxEntries ?? DEFAULT_EXTRACT_LIMITS.maxEntries,
  };
  const parent = path.dirname(destDir);
  const staging = path.join(parent, `.staging-${path.basename(destDir)}-${randomUUID()}`);
  await mkdir(staging, { recursive: true });

  let entries = 0;
  let bytes = 0;
  let refusal: ArchiveError | undefined;
  const refuse = (error: ArchiveError): false => {
    refusal ??= error;
    unpack.abort(error);
    return false;
  };
  const unpack = new Unpack({
    cwd: staging,
    strict: true,
    preserveOwner: false,
    filter: (_path, entry) => {
      const readEntry = entry as ReadEntry;
      const problem = checkEntry(readEntry);
      if (problem) return refuse(problem);
      if (++entries > limits.maxEntries) {
        return refuse(
          new ArchiveError("too-many-entries", `archive has more than ${limits.maxEntries} entries`),
        );
      }
      if (isRegularFile(readEntry)) bytes += readEntry.size ?? 0;
      if (bytes > limits.maxBytes) {
        return refuse(
          new ArchiveError("too-large", `archive expands beyond the limit of ${limits.maxBytes} bytes`),
        );
      }
      return true;
    },
  });
  const unpacked = new Promise<void>((resolve, reject) => {
    unpack.on("close", resolve);
    unpack.on("error", reject);
  });
  unpacked.catch(() => {});

  const maxTarBytes = limits.maxBytes + (limits.maxEntries + 16) * TAR_OVERHEAD_PER_ENTRY;
  let tarBytes = 0;
  try {
    await pipeline(
      archive,
      createGunzip(),
      async (tarStream: AsyncIterable<Buffer>) => {
        for await (const chunk of tarStream) {
          tarBytes += chunk.length;
          if (tarBytes > maxTarBytes) {
            refuse(
              new ArchiveError("too-large", `archive expands beyond the limit of ${limits.maxBytes} bytes`),
            );
          }
          if (refusal) throw refusal;
          if (!unpack.write(chunk)) await Promise.race([once(unpack, "drain"), unpacked]);
        }
        unpack.end();
        await unpacked;
      },
      options.signal ? { signal: options.signal } : {},
    );
    await rm(destDir, { recursive: true, force: true });
    await rename(staging, destDir);
    return bytes;
  } catch (error) {
    unpack.abort(refusal ?? new Error("extraction stopped"));
    // Let the unpacker's already-queued fs calls run before the staging folder goes.
    await new Promise((resolve) => setImmediate(resolve));
    await rm(staging, { recursive: true, force: true, maxRetries: 3 });
    throw classify(refusal ?? error);
  }
};

function isRegularFile(entry: ReadEntry): boolean {
  return entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile";
}

function once(emitter: Unpack, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}

function classify(error: unknown): Error {
  if (error instanceof ArchiveError) return error;
  const err = error as { code?: string; message?: string; name?: string };
  if (typeof err.code === "string" && (err.code.startsWith("Z_") || err.code.startsWith("TAR_"))) {
    return new ArchiveError("corrupt", `corrupt or truncated archive: ${err.message ?? err.code}`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
