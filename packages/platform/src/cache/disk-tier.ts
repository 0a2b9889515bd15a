// The disk tier: extracted archives under the cache's root, bounded in bytes. Fetches a model (S3 →
// gunzip → untar as one stream), drops copies, and deletes idle copies when over the bound.

import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { type Readable, Transform } from "node:stream";
import { coldTrace } from "@mme/core/cold-trace";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "@mme/core/triton";
import type { ModelSource } from "../source/model-source.js";
import type { Extractor } from "../source/safe-extract.js";
import type { CacheEntry, StepTimings } from "./cache-entry.js";
import { cacheEvents } from "./cache-events.js";

export interface DiskTierOptions {
  source: ModelSource;
  extract: Extractor;
  diskBytes: number;
  extractLimits?: Partial<ArchiveLimits> | undefined;
  /** Every tracked model, least recently used first. */
  byRecency(): Iterable<CacheEntry>;
  /** Unloads (if loaded) and deletes a model's copy, through the cache's per-model teardown. */
  discard(entry: CacheEntry): Promise<void>;
}

const micros = (ms: number) => Math.round(ms * 1000);

export class DiskTier {
  #used = 0;

  constructor(private readonly options: DiskTierOptions) {}

  get used(): number {
    return this.#used;
  }

  get limit(): number {
    return this.options.diskBytes;
  }

  get overBound(): boolean {
    return this.#used > this.options.diskBytes;
  }

  /** Downloads and extracts the model into its folder, timing both, then keeps the tier within bound. */
  async fetch(entry: CacheEntry, signal: AbortSignal, steps: StepTimings): Promise<void> {
    const { ref } = entry;
    const started = performance.now();
    // No folder to clear first: a model without a disk copy has none (drop and failures delete it, and the
    // extractor replaces its destination).
    const body = await this.options.source.download(ref, { signal });
    coldTrace?.mark("source-read");
    let downloaded = 0;
    let firstByteAt: number | undefined;
    let lastByteAt = started;
    let archive: Readable | Uint8Array = body;
    if (body instanceof Uint8Array) {
      // The whole archive at once (a small object in the embedded S3): extracted in one pass from memory.
      downloaded = body.byteLength;
      firstByteAt = lastByteAt = performance.now();
    } else {
      archive = this.#counted(
        body,
        (chunk) => {
          firstByteAt ??= performance.now();
          downloaded += chunk.length;
        },
        () => {
          lastByteAt = performance.now();
        },
      );
    }
    const maxBytes = Math.min(
      this.options.extractLimits?.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxBytes,
      this.options.diskBytes,
    );
    let extracted: number;
    try {
      extracted = await this.options.extract(archive, entry.modelPath, {
        ...this.options.extractLimits,
        maxBytes,
        signal,
      });
    } catch (error) {
      if (!(body instanceof Uint8Array)) body.destroy();
      await rm(entry.dir, { recursive: true, force: true });
      throw error;
    }
    const finished = performance.now();
    coldTrace?.mark("extracted");
    entry.diskBytes = extracted;
    this.#used += extracted;
    // Download and extraction overlap (one stream): each is timed from its first to its last byte.
    steps.downloadMicros = micros(lastByteAt - started);
    steps.extractMicros = micros(finished - (firstByteAt ?? started));
    const { origin } = entry;
    const { downloaded: downloadedChannel, extracted: extractedChannel } = cacheEvents;
    if (downloadedChannel.hasSubscribers) {
      downloadedChannel.publish({ origin, ref, micros: steps.downloadMicros, bytes: downloaded });
    }
    if (extractedChannel.hasSubscribers) {
      extractedChannel.publish({ origin, ref, micros: steps.extractMicros, bytes: extracted });
    }
    await this.enforceBound(entry);
  }

  /** `body` passed through, each chunk and the end reported as they go by (extraction reads from it). */
  #counted(body: Readable, onChunk: (chunk: Buffer) => void, onEnd: () => void): Readable {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        onChunk(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        onEnd();
        callback();
      },
    });
    body.on("error", (error) => counter.destroy(error));
    body.pipe(counter);
    return counter;
  }

  /** Deletes the model's extracted copy, if it has one. */
  async drop(entry: CacheEntry): Promise<void> {
    if (entry.diskBytes === undefined) return;
    await rm(entry.dir, { recursive: true, force: true, maxRetries: 3 });
    this.#used -= entry.diskBytes;
    entry.diskBytes = undefined;
  }

  /** Deletes idle disk copies, least recently used first (unloaded ones before loaded ones), until within bound. */
  async enforceBound(except?: CacheEntry): Promise<void> {
    while (this.overBound) {
      const victim = this.#lruIdle(except, false) ?? this.#lruIdle(except, true);
      if (!victim) return; // everything on disk is in use: over the bound until a release
      await this.options.discard(victim);
    }
  }

  #lruIdle(except: CacheEntry | undefined, loaded: boolean): CacheEntry | undefined {
    for (const entry of this.options.byRecency()) {
      if (entry !== except && entry.diskBytes !== undefined && entry.loaded === loaded && entry.idle) {
        return entry;
      }
    }
    return undefined;
  }
}
