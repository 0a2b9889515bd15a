// One model the cache knows about: where it is on disk, whether it is loaded, who is using it.

import path from "node:path";
import { containerModelName } from "./model-name.js";
import type { CacheOrigin, ModelRef } from "./types.js";

/** The download → extract → load work for one model, shared by every request that waits for it. */
export interface BringUpAttempt {
  readonly controller: AbortController;
  /** Rejects as soon as the attempt is abandoned; used by waiters. */
  readonly done: Promise<StepTimings>;
  /** Resolves once the underlying work has really stopped (success or not). */
  readonly settled: Promise<void>;
}

export interface StepTimings {
  downloadMicros?: number;
  extractMicros?: number;
  loadMicros?: number;
}

export class CacheEntry {
  readonly name: string;
  readonly dir: string;
  readonly modelPath: string;
  /** Bytes of the extracted copy, while one is on disk. */
  diskBytes?: number;
  /** Footprint in the container (reported, or the disk size), while loaded. */
  memoryBytes?: number;
  /** Last known footprint, to size the room a reload needs. */
  lastMemoryBytes?: number;
  lastLoadMicros?: number;
  /** Leases held plus requests waiting for this model: while > 0 it is never unloaded or deleted. */
  inFlight = 0;
  lastUsed = Date.now();
  attempt?: BringUpAttempt;
  /** An unload or delete in progress. */
  teardown?: Promise<void>;

  constructor(
    readonly key: string,
    readonly ref: ModelRef,
    rootDir: string,
    cacheInstance: string,
    /** The cache's origin, named in this model's events. */
    readonly origin: CacheOrigin,
  ) {
    this.name = containerModelName(ref, cacheInstance);
    this.dir = path.join(rootDir, this.name);
    this.modelPath = path.join(this.dir, "model");
  }

  get loaded(): boolean {
    return this.memoryBytes !== undefined;
  }

  /** Idle: nobody uses or waits for it and nothing is happening to it. */
  get idle(): boolean {
    return this.inFlight === 0 && this.attempt === undefined && this.teardown === undefined;
  }

  /** Holds nothing worth remembering. */
  get empty(): boolean {
    return this.idle && this.diskBytes === undefined && this.memoryBytes === undefined;
  }
}

/** NUL never occurs in an endpoint name, a TargetModel (no control characters) or an S3 location. */
export function entryKey(ref: ModelRef): string {
  return `${ref.endpointName}\u0000${ref.targetModel}\u0000${ref.bucket}\u0000${ref.key}`;
}
