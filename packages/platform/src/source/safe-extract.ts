// Refusing extraction of a model archive: bytes → gunzip → untar (in one synchronous pass for a small
// archive held whole, as one stream otherwise), into a staging folder that is renamed into place only when
// the whole archive was accepted.

import { randomUUID } from "node:crypto";
import { mkdirSync, renameSync, rmSync, type Stats } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import {
  ArchiveBudget,
  type ArchiveLimits,
  type ArchiveRefusal,
  checkArchiveEntry,
  DEFAULT_ARCHIVE_LIMITS,
} from "@mme/core/triton";
import { type ReadEntry, Unpack, UnpackSync } from "tar";
import { ArchiveError } from "./errors.js";

/** Per-entry header and padding allowance when bounding the raw decompressed tar stream. */
const TAR_OVERHEAD_PER_ENTRY = 4096;
/**
 * The most a whole archive may decompress to for the in-memory pass: beyond it (a large model, or a gzip
 * bomb) the same bytes go through the streaming path, so the event loop is never held for long.
 */
const IN_MEMORY_MAX_TAR_BYTES = 8 * 1024 * 1024;

export type Extractor = (
  /** The archive's bytes: a stream, or the whole archive when the source had it at once (a small object). */
  archive: Readable | Uint8Array,
  destDir: string,
  options?: Partial<ArchiveLimits> & { signal?: AbortSignal },
) => Promise<number>;

/**
 * Extracts a .tar.gz into `destDir` (which must not be in use: it is replaced). Returns the bytes of
 * regular files written. Entries and limits follow @mme/core's archive policy (what `mme validate-model`
 * checks). Any refusal or failure leaves neither `destDir` nor a staging folder. A whole small archive is
 * gunzipped and unpacked in one synchronous pass (no thread-pool round trip per file: most of a small
 * model's cold start otherwise); a stream, or an archive too large for that, streams.
 */
export const safeExtract: Extractor = async (archive, destDir, options = {}) => {
  const limits: ArchiveLimits = {
    maxBytes: options.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxBytes,
    maxEntries: options.maxEntries ?? DEFAULT_ARCHIVE_LIMITS.maxEntries,
  };
  const maxTarBytes = limits.maxBytes + (limits.maxEntries + 16) * TAR_OVERHEAD_PER_ENTRY;
  if (!(archive instanceof Uint8Array)) return extractStream(archive, destDir, limits, maxTarBytes, options);
  options.signal?.throwIfAborted();
  const tar = gunzipWhole(archive, maxTarBytes);
  if (tar === "too-large") throw refusalOf(new ArchiveBudget(limits).tooLarge());
  if (tar === undefined)
    return extractStream(Readable.from([archive]), destDir, limits, maxTarBytes, options);
  return extractWhole(tar, destDir, limits);
};

/** The archive's tar bytes; undefined when larger than the in-memory pass takes; "too-large" past the limit. */
function gunzipWhole(archive: Uint8Array, maxTarBytes: number): Buffer | undefined | "too-large" {
  try {
    return gunzipSync(archive, { maxOutputLength: Math.min(maxTarBytes, IN_MEMORY_MAX_TAR_BYTES) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") throw classify(error);
    return maxTarBytes <= IN_MEMORY_MAX_TAR_BYTES ? "too-large" : undefined;
  }
}

/** Unpacks a whole tar in one synchronous pass into a staging folder, then renames it into place. */
function extractWhole(tar: Buffer, destDir: string, limits: ArchiveLimits): number {
  const budget = new ArchiveBudget(limits);
  const staging = stagingFor(destDir);
  let failure: unknown;
  const unpack: Unpack = new UnpackSync(
    unpackOptions(staging, budget, (refusal) => {
      failure ??= refusal;
      unpack.abort(refusal);
    }),
  );
  unpack.on("error", (error: unknown) => {
    failure ??= error;
  });
  try {
    mkdirSync(staging, { recursive: true });
    unpack.end(tar);
    if (failure !== undefined) throw failure;
    moveIntoSync(staging, destDir);
    return budget.bytes;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true, maxRetries: 3 });
    throw classify(error);
  }
}

async function extractStream(
  archive: Readable,
  destDir: string,
  limits: ArchiveLimits,
  maxTarBytes: number,
  options: { signal?: AbortSignal },
): Promise<number> {
  const budget = new ArchiveBudget(limits);
  const staging = stagingFor(destDir);
  await mkdir(staging, { recursive: true });

  let refusal: ArchiveError | undefined;
  const refuse = (problem: ArchiveError): false => {
    refusal ??= problem;
    unpack.abort(refusal);
    return false;
  };
  const unpack = new Unpack(unpackOptions(staging, budget, refuse));
  const unpacked = new Promise<void>((resolve, reject) => {
    unpack.on("close", resolve);
    unpack.on("error", reject);
  });
  unpacked.catch(() => {});

  let tarBytes = 0;
  try {
    await pipeline(
      archive,
      createGunzip(),
      async (tarStream: AsyncIterable<Buffer>) => {
        for await (const chunk of tarStream) {
          tarBytes += chunk.length;
          if (tarBytes > maxTarBytes) refuse(refusalOf(budget.tooLarge()));
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
}

/** Options shared by both passes: strict, owner and times dropped, every entry checked against the policy. */
function unpackOptions(staging: string, budget: ArchiveBudget, refuse: (refusal: ArchiveError) => void) {
  return {
    cwd: staging,
    strict: true,
    preserveOwner: false,
    // Files get the time of extraction, not the archive's: one fs call fewer per file on every cold start.
    noMtime: true,
    filter: (_path: string, entry: ReadEntry | Stats) => {
      const readEntry = entry as ReadEntry;
      const problem = checkArchiveEntry(readEntry) ?? budget.add(readEntry);
      if (!problem) return true;
      refuse(refusalOf(problem));
      return false;
    },
  };
}

function refusalOf({ problem, message }: ArchiveRefusal): ArchiveError {
  return new ArchiveError(problem, message);
}

function stagingFor(destDir: string): string {
  return path.join(path.dirname(destDir), `.staging-${path.basename(destDir)}-${randomUUID()}`);
}

/** Renames `staging` to `destDir`, replacing a `destDir` already there (one fs call when there is none). */
function moveIntoSync(staging: string, destDir: string): void {
  try {
    renameSync(staging, destDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
    rmSync(destDir, { recursive: true, force: true });
    renameSync(staging, destDir);
  }
}

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
