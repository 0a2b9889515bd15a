// The boundary between the model cache (cache/, source/, container clients) and the HTTP layer.
// The HTTP layer resolves endpoint + TargetModel to a ModelRef, acquires a lease, invokes the
// container with lease.containerModelName, then releases the lease.

import type { ModelContainer } from "@mme/core/container";

export type ModelCacheSetting = "Enabled" | "Disabled";

export interface ModelRef {
  endpointName: string;
  /** The TargetModel header, verbatim (a key relative to the ModelDataUrl prefix). */
  targetModel: string;
  /** Resolved S3 location: prefix + TargetModel. */
  bucket: string;
  key: string;
  /** The model's ModelCacheSetting when it differs from the cache-wide one (one cache serving many endpoints). */
  cacheSetting?: ModelCacheSetting;
}

/** Times are microseconds, as SageMaker's CloudWatch metrics report them. */
export interface AcquireTimings {
  cacheHit: boolean;
  /** Time this request waited for the model to become loaded (0 on a hit). ModelLoadingWaitTime. */
  waitMicros: number;
  /** Set only on the request whose acquire performed the step (single-flight leader). */
  downloadMicros?: number;
  extractMicros?: number;
  loadMicros?: number;
}

export interface ModelLease {
  /** The name the container knows the model by (Triton's SageMaker mode: [0-9A-Za-z._]+). */
  readonly containerModelName: string;
  /** Call exactly once, after the invocation finished (success or not). */
  release(): void;
}

export interface AcquireResult {
  lease: ModelLease;
  timings: AcquireTimings;
}

export type UnloadReason = "evicted" | "cache-disabled" | "shutdown" | "container-lost" | "requested";
export type DiskEvictReason = "disk-full" | "cache-disabled" | "shutdown";

/** The cache an event comes from (cache-events.ts): one instance of one endpoint variant, in one emulator. */
export interface CacheOrigin {
  /** One object per emulator (or simulation, or test): what a subscriber filters on. */
  readonly scope: object;
  readonly variantName: string;
  readonly instanceId: string;
}

export interface ModelCacheOptions {
  container: ModelContainer;
  /** Folder holding <containerModelName>/model extracted trees (SageMaker: /opt/ml/models). */
  rootDir: string;
  /** Disk tier bound in bytes of extracted files. */
  diskBytes: number;
  /** Memory tier bound in bytes (sum of the container's reported footprints). */
  memoryBytes: number;
  /** Optional bound on how many models are loaded at once. */
  maxLoadedModels?: number;
  /** How long a request waits for a cold model before ModelNotReadyException (default 60 000). */
  waitBudgetMs?: number;
  /** How long a load may run in the background before it is abandoned (default 360 000). */
  loadTimeoutMs?: number;
  cacheSetting?: ModelCacheSetting;
  /** Named in every event this cache publishes on the `mme:cache:*` channels (cache-events.ts). */
  origin: CacheOrigin;
}

export interface CachedModelStatus {
  targetModel: string;
  containerModelName: string;
  tier: "memory" | "disk";
  diskBytes: number;
  memoryBytes?: number;
  inFlight: number;
  lastUsed: string;
  lastLoadMicros?: number;
}

export interface ModelCacheStatus {
  loadedCount: number;
  memoryBytesUsed: number;
  memoryBytesLimit: number;
  diskBytesUsed: number;
  diskBytesLimit: number;
  hits: number;
  misses: number;
  models: CachedModelStatus[];
}
