// An object's bytes straight from the embedded S3's folder, for the emulator's own model downloads. A small
// object is read whole with a few synchronous syscalls (an open, a stat, a read: tens of µs from the page
// cache) instead of s3rver's getObject (stat, metadata and MD5 reads, an open, then stream reads: each a
// thread-pool round trip, ≈ 2 ms of a cold start under load); a larger one streams from the same open file.

import { closeSync, createReadStream, fstatSync, openSync, readFileSync } from "node:fs";
import type { Readable } from "node:stream";

/** Objects up to this size are answered whole (the in-memory extraction takes them in one pass). */
const WHOLE_MAX_BYTES = 1024 * 1024;

/** Errors meaning no object is stored under that path (ENAMETOOLONG: a key too long to be stored). */
const MISSING = new Set(["ENOENT", "ENOTDIR", "ENAMETOOLONG", "EISDIR"]);

/** The object at `objectPath`: whole when small, else a stream; undefined when there is none. */
export function readStoredObject(objectPath: string): Uint8Array | Readable | undefined {
  let fd: number;
  try {
    fd = openSync(objectPath, "r");
  } catch (error) {
    if (MISSING.has((error as NodeJS.ErrnoException).code ?? "")) return undefined;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      closeSync(fd);
      return undefined;
    }
    if (stats.size <= WHOLE_MAX_BYTES) {
      const bytes = readFileSync(fd);
      closeSync(fd);
      return bytes;
    }
    // The stream owns the descriptor from here (closed when it ends or is destroyed).
    return createReadStream("", { fd });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
