// Streaming, refusing extraction of a model archive: bytes → gunzip → untar, as one stream, into a
// staging folder that is renamed into place only when the whole archive was accepted.

import { randomUUID } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import {
  ArchiveBudget,
  type ArchiveLimits,
  type ArchiveRefusal,
  checkArchiveEntry,
  DEFAULT_ARCHIVE_LIMITS,
} from "@mme/core/triton";
import { type ReadEntry, Unpack } from "tar";
import { ArchiveError } from "./errors.js";

/** Per-entry header and padding allowance when bounding the raw decompressed tar stream. */
const TAR_OVERHEAD_PER_ENTRY = 4096;

export type Extractor = (
  archive: Readable,
  destDir: string,
  options?: Partial<ArchiveLimits> & { signal?: AbortSignal },
) => Promise<number>;

/**
 * Extracts a .tar.gz stream into `destDir` (which must not be in use: it is replaced). Returns the
 * bytes of regular files written. Entries and limits follow @mme/core's archive policy (what
 * `mme validate-model` checks). Any refusal or failure leaves neither `destDir` nor a staging folder.
 */
export const safeExtract: Extractor = async (archive, destDir, options = {}) => {
  const limits: ArchiveLimits = {
    maxBytes: options.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxBytes,
    maxEntries: options.maxEntries ?? DEFAULT_ARCHIVE_LIMITS.maxEntries,
  };
  const budget = new ArchiveBudget(limits);
  const parent = path.dirname(destDir);
  const staging = path.join(parent, `.staging-${path.basename(destDir)}-${randomUUID()}`);
  await mkdir(staging, { recursive: true });

  let refusal: ArchiveError | undefined;
  const refuse = ({ problem, message }: ArchiveRefusal): false => {
    refusal ??= new ArchiveError(problem, message);
    unpack.abort(refusal);
    return false;
  };
  const unpack = new Unpack({
    cwd: staging,
    strict: true,
    preserveOwner: false,
    // Files get the time of extraction, not the archive's: one fs call fewer per file on every cold start.
    noMtime: true,
    filter: (_path, entry) => {
      const readEntry = entry as ReadEntry;
      const problem = checkArchiveEntry(readEntry) ?? budget.add(readEntry);
      return problem ? refuse(problem) : true;
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
          if (tarBytes > maxTarBytes) refuse(budget.tooLarge());
          if (refusal) throw refusal;
          if (!unpack.write(chunk)) await Promise.race([once(unpack, "drain"), unpacked]);
        }
        unpack.end();
        await unpacked;
      },
      options.signal ? { signal: options.signal } : {},
    );
    await moveInto(staging, destDir);
    return budget.bytes;
  } catch (error) {
    unpack.abort(refusal ?? new Error("extraction stopped"));
    // Let the unpacker's already-queued fs calls run before the staging folder goes.
    await new Promise((resolve) => setImmediate(resolve));
    await rm(staging, { recursive: true, force: true, maxRetries: 3 });
    throw classify(refusal ?? error);
  }
};

/** Renames `staging` to `destDir`, replacing a `destDir` already there (one fs call when there is none). */
async function moveInto(staging: string, destDir: string): Promise<void> {
  try {
    await rename(staging, destDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
    await rm(destDir, { recursive: true, force: true });
    await rename(staging, destDir);
  }
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
