// The MME model cache: a disk tier (extracted archives) and a memory tier (models loaded in the
// container), single-flight per model, leases that pin models in use, LRU eviction of idle ones.

import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { Transform } from "node:stream";
import { ModelError, ModelNotReadyException, ServiceUnavailable } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "@mme/core/triton";
import { LRUCache } from "lru-cache";
import type { ModelSource } from "../source/model-source.js";
import { type Extractor, safeExtract } from "../source/safe-extract.js";
import { boundedWait, untilAborted } from "./bounded-wait.js";
import { type BringUpAttempt, CacheEntry, entryKey, type StepTimings } from "./cache-entry.js";
import { containerLoadError, toRequestError } from "./cache-errors.js";
import { ChangeSignal } from "./change-signal.js";
import { SerialLock } from "./serial-lock.js";
import type {
  AcquireResult,
  CachedModelStatus,
  DiskEvictReason,
  ModelCacheOptions,
  ModelCacheStatus,
  ModelLease,
  ModelRef,
  UnloadReason,
} from "./types.js";

export interface ModelCacheInit extends ModelCacheOptions {
  source: ModelSource;
  /** Default: safeExtract (streaming gunzip + untar with safety rules). */
  extract?: Extractor;
  /** Per-archive limits; maxBytes is further capped by diskBytes. */
  extractLimits?: Partial<ArchiveLimits>;
  /** LogStreamArn reported in ModelError bodies. */
  logStreamArn?: (ref: ModelRef) => string;
}

/** Upper bound on models tracked at once; far beyond any disk tier of real archives. */
const MAX_TRACKED_MODELS = 100_000;

const micros = (ms: number) => Math.round(ms * 1000);
const noop = () => {};

export class ModelCache {
  readonly #container: ModelContainer;
  readonly #source: ModelSource;
  readonly #extract: Extractor;
  readonly #options: ModelCacheInit;
  readonly #waitBudgetMs: number;
  readonly #loadTimeoutMs: number;
  /** Recency order of every tracked model (least recent first in rkeys()); eviction policy is ours. */
  readonly #index = new LRUCache<string, CacheEntry>({ max: MAX_TRACKED_MODELS });
  readonly #changed = new ChangeSignal();
  readonly #admission = new SerialLock();
  readonly #background = new Set<Promise<unknown>>();
  #memoryUsed = 0;
  #memoryReserved = 0;
  #loadedCount = 0;
  #loadingCount = 0;
  #diskUsed = 0;
  #hits = 0;
  #misses = 0;
  #closed = false;
  /** Part of every container model name this cache makes (see model-name.ts). */
  readonly #instance = randomUUID();

  constructor(options: ModelCacheInit) {
    for (const field of ["diskBytes", "memoryBytes"] as const) {
      if (!(options[field] > 0)) throw new RangeError(`ModelCache: ${field} must be a positive number`);
    }
    if (options.maxLoadedModels !== undefined && !(options.maxLoadedModels >= 1)) {
      throw new RangeError("ModelCache: maxLoadedModels must be at least 1");
    }
    this.#options = options;
    this.#container = options.container;
    this.#source = options.source;
    this.#extract = options.extract ?? safeExtract;
    this.#waitBudgetMs = options.waitBudgetMs ?? 60_000;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? 360_000;
  }

  /** Leases the model, loading it first when cold. Rejects with ModelNotReadyException after the wait budget. */
  async acquire(ref: ModelRef, opts: { signal?: AbortSignal } = {}): Promise<AcquireResult> {
    if (this.#closed) throw new ServiceUnavailable("The endpoint is shutting down.");
    const started = performance.now();
    const entry = this.#track(ref);
    entry.inFlight++;
    entry.lastUsed = Date.now();
    try {
      if (entry.loaded && !entry.attempt && !entry.teardown) {
        this.#hits++;
        return { lease: this.#lease(entry), timings: { cacheHit: true, waitMicros: 0 } };
      }
      this.#misses++;
      const { attempt, leader } = this.#attemptFor(entry);
      const steps = await boundedWait(
        attempt.done,
        this.#waitBudgetMs,
        () =>
          new ModelNotReadyException(
            `Model ${ref.targetModel} is not ready yet: it is still loading after ${this.#waitBudgetMs} ms. Retry the request later.`,
          ),
        opts.signal,
      );
      const waitMicros = micros(performance.now() - started);
      return {
        lease: this.#lease(entry),
        timings: { cacheHit: false, waitMicros, ...(leader ? steps : {}) },
      };
    } catch (error) {
      this.#release(entry);
      throw error;
    }
  }

  /** The container reported the model gone (404 on invoke, crashed worker): the next acquire reloads it. */
  markLost(ref: ModelRef): void {
    const entry = this.#index.peek(entryKey(ref));
    if (!entry?.loaded || entry.attempt) return;
    this.#forgetMemory(entry);
    this.#options.events?.unloaded?.(entry.ref, 0, "container-lost");
    // Best effort: clears a half-alive model (e.g. UNAVAILABLE) from the container's books. As a teardown,
    // so a reload waits for it instead of racing it (a late unload would drop the reloaded model).
    this.#inBackground(this.#teardown(entry, () => this.#container.unload(entry.name).then(noop, noop)));
  }

  status(): ModelCacheStatus {
    const models: CachedModelStatus[] = [];
    for (const entry of this.#index.values()) {
      if (entry.diskBytes === undefined && !entry.loaded) continue;
      const model: CachedModelStatus = {
        targetModel: entry.ref.targetModel,
        containerModelName: entry.name,
        tier: entry.loaded ? "memory" : "disk",
        diskBytes: entry.diskBytes ?? 0,
        inFlight: entry.inFlight,
        lastUsed: new Date(entry.lastUsed).toISOString(),
      };
      if (entry.memoryBytes !== undefined) model.memoryBytes = entry.memoryBytes;
      if (entry.lastLoadMicros !== undefined) model.lastLoadMicros = entry.lastLoadMicros;
      models.push(model);
    }
    return {
      loadedCount: this.#loadedCount,
      memoryBytesUsed: this.#memoryUsed,
      memoryBytesLimit: this.#options.memoryBytes,
      diskBytesUsed: this.#diskUsed,
      diskBytesLimit: this.#options.diskBytes,
      hits: this.#hits,
      misses: this.#misses,
      models,
    };
  }

  /** Abandons loads in progress, unloads every model and deletes the disk tier. The container stays open. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const entries = [...this.#index.values()];
    const settled: Promise<void>[] = [];
    for (const entry of entries) {
      if (entry.attempt) {
        entry.attempt.controller.abort(new ServiceUnavailable("The endpoint is shutting down."));
        settled.push(entry.attempt.settled);
      }
    }
    await Promise.all(settled);
    await Promise.allSettled([...this.#background]);
    await Promise.all(entries.map((entry) => this.#discard(entry, "shutdown", "shutdown")));
    this.#changed.notify();
  }

  #track(ref: ModelRef): CacheEntry {
    const key = entryKey(ref);
    let entry = this.#index.get(key);
    if (!entry) {
      entry = new CacheEntry(key, ref, this.#options.rootDir, this.#instance);
      this.#index.set(key, entry);
    }
    return entry;
  }

  #lease(entry: CacheEntry): ModelLease {
    let released = false;
    return {
      containerModelName: entry.name,
      release: () => {
        if (released) return;
        released = true;
        this.#release(entry);
      },
    };
  }

  #release(entry: CacheEntry): void {
    entry.inFlight--;
    entry.lastUsed = Date.now();
    this.#changed.notify();
    if (entry.inFlight > 0 || this.#closed) return;
    if ((entry.ref.cacheSetting ?? this.#options.cacheSetting) === "Disabled" && !entry.attempt) {
      this.#inBackground(this.#discard(entry, "cache-disabled", "cache-disabled"));
    } else if (this.#diskUsed > this.#options.diskBytes) {
      this.#inBackground(this.#enforceDiskBound());
    }
    this.#forgetIfEmpty(entry);
  }

  /** Joins the model's bring-up in progress, or starts one (after an abandoned one has really stopped). */
  #attemptFor(entry: CacheEntry): { attempt: BringUpAttempt; leader: boolean } {
    const current = entry.attempt;
    if (current && !current.controller.signal.aborted) return { attempt: current, leader: false };
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new ServiceUnavailable(
            `Model ${entry.ref.targetModel} did not load within ${this.#loadTimeoutMs} ms; the load was abandoned.`,
          ),
        ),
      this.#loadTimeoutMs,
    );
    timer.unref();
    const previous = current?.settled ?? entry.teardown ?? Promise.resolve();
    const work = previous.then(() => this.#bringUp(entry, controller.signal));
    const attempt: BringUpAttempt = {
      controller,
      done: untilAborted(work, controller.signal),
      settled: work.then(noop, noop).finally(() => {
        clearTimeout(timer);
        if (entry.attempt === attempt) entry.attempt = undefined;
        this.#changed.notify();
        if (entry.inFlight === 0 && (entry.ref.cacheSetting ?? this.#options.cacheSetting) === "Disabled") {
          this.#inBackground(this.#discard(entry, "cache-disabled", "cache-disabled"));
        }
        this.#forgetIfEmpty(entry);
      }),
    };
    attempt.done.catch(noop);
    entry.attempt = attempt;
    return { attempt, leader: true };
  }

  async #bringUp(entry: CacheEntry, signal: AbortSignal): Promise<StepTimings> {
    const steps: StepTimings = {};
    try {
      if (entry.teardown) await entry.teardown;
      signal.throwIfAborted();
      if (entry.diskBytes === undefined) await this.#fetchToDisk(entry, signal, steps);
      signal.throwIfAborted();
      if (!entry.loaded) await this.#loadIntoMemory(entry, signal, steps);
      return steps;
    } catch (error) {
      // The container refused these files: a fixed object must be downloaded afresh, not reloaded from disk.
      if (error instanceof ModelError) await this.#dropDiskCopy(entry);
      const failure = toRequestError(entry.ref, signal.aborted ? signal.reason : error);
      this.#options.events?.loadFailed?.(entry.ref, failure);
      throw failure;
    }
  }

  async #fetchToDisk(entry: CacheEntry, signal: AbortSignal, steps: StepTimings): Promise<void> {
    const { ref } = entry;
    const started = performance.now();
    await rm(entry.dir, { recursive: true, force: true });
    const body = await this.#source.download(ref, { signal });
    let downloaded = 0;
    let firstByteAt: number | undefined;
    let lastByteAt = started;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        firstByteAt ??= performance.now();
        downloaded += chunk.length;
        callback(null, chunk);
      },
      flush(callback) {
        lastByteAt = performance.now();
        callback();
      },
    });
    body.on("error", (error) => counter.destroy(error));
    body.pipe(counter);
    const maxBytes = Math.min(
      this.#options.extractLimits?.maxBytes ?? DEFAULT_ARCHIVE_LIMITS.maxBytes,
      this.#options.diskBytes,
    );
    let extracted: number;
    try {
      extracted = await this.#extract(counter, entry.modelPath, {
        ...this.#options.extractLimits,
        maxBytes,
        signal,
      });
    } catch (error) {
      body.destroy();
      await rm(entry.dir, { recursive: true, force: true });
      throw error;
    }
    const finished = performance.now();
    entry.diskBytes = extracted;
    this.#diskUsed += extracted;
    // Download and extraction overlap (one stream): each is timed from its first to its last byte.
    steps.downloadMicros = micros(lastByteAt - started);
    steps.extractMicros = micros(finished - (firstByteAt ?? started));
    this.#options.events?.downloaded?.(ref, steps.downloadMicros, downloaded);
    this.#options.events?.extracted?.(ref, steps.extractMicros, extracted);
    await this.#enforceDiskBound(entry);
  }

  async #loadIntoMemory(entry: CacheEntry, signal: AbortSignal, steps: StepTimings): Promise<void> {
    const estimate = entry.lastMemoryBytes ?? entry.diskBytes ?? 0;
    await this.#admission.run(() => this.#makeRoom(entry, estimate, signal));
    this.#memoryReserved += estimate;
    this.#loadingCount++;
    try {
      const started = performance.now();
      let res = await this.#container.load(entry.name, entry.modelPath);
      if (res.status === 507) {
        // Out of memory in the container: free the least recently used idle model and try once more.
        const victim = this.#lruIdleLoaded(entry);
        if (victim) await this.#unload(victim, "evicted");
        res = await this.#container.load(entry.name, entry.modelPath);
      }
      const ok = res.status >= 200 && res.status < 300;
      if (signal.aborted) {
        if (ok || res.status === 409) await this.#container.unload(entry.name).catch(noop);
        signal.throwIfAborted();
      }
      if (!ok && res.status !== 409) {
        throw containerLoadError(entry.ref, res, this.#logStreamArn(entry));
      }
      const loadMicros = micros(performance.now() - started);
      const info = await this.#container.describe(entry.name).catch(() => undefined);
      const footprint = info?.memoryBytes ?? entry.diskBytes ?? 0;
      entry.memoryBytes = footprint;
      entry.lastMemoryBytes = footprint;
      entry.lastLoadMicros = loadMicros;
      this.#memoryUsed += footprint;
      this.#loadedCount++;
      steps.loadMicros = loadMicros;
      this.#options.events?.loaded?.(entry.ref, loadMicros, footprint);
    } finally {
      this.#memoryReserved -= estimate;
      this.#loadingCount--;
      this.#changed.notify();
    }
    // The reported footprint may exceed the estimate: trim idle models, without waiting for busy ones.
    while (this.#memoryUsed + this.#memoryReserved > this.#options.memoryBytes) {
      const victim = this.#lruIdleLoaded(entry);
      if (!victim) break;
      await this.#unload(victim, "evicted");
    }
  }

  /** Runs under the admission lock: unloads idle LRU models, or waits for releases, until `estimate` fits. */
  async #makeRoom(entry: CacheEntry, estimate: number, signal: AbortSignal): Promise<void> {
    while (!this.#fits(estimate)) {
      const victim = this.#lruIdleLoaded(entry);
      if (victim) {
        await this.#unload(victim, "evicted");
        continue;
      }
      // A model larger than the whole tier may still try when nothing else holds memory.
      if (this.#loadedCount === 0 && this.#loadingCount === 0) return;
      await this.#changed.wait(signal);
    }
  }

  #fits(estimate: number): boolean {
    const { memoryBytes, maxLoadedModels } = this.#options;
    if (this.#memoryUsed + this.#memoryReserved + estimate > memoryBytes) return false;
    return maxLoadedModels === undefined || this.#loadedCount + this.#loadingCount < maxLoadedModels;
  }

  #lruIdleLoaded(except: CacheEntry): CacheEntry | undefined {
    for (const key of this.#index.rkeys()) {
      const entry = this.#index.peek(key);
      if (entry && entry !== except && entry.loaded && entry.idle) return entry;
    }
    return undefined;
  }

  /** Deletes idle disk copies, least recently used first (unloaded ones before loaded ones), until within bound. */
  async #enforceDiskBound(except?: CacheEntry): Promise<void> {
    while (this.#diskUsed > this.#options.diskBytes) {
      const victim = this.#lruIdleOnDisk(except, false) ?? this.#lruIdleOnDisk(except, true);
      if (!victim) return; // everything on disk is in use: over the bound until a release
      await this.#discard(victim, "evicted", "disk-full");
    }
  }

  #lruIdleOnDisk(except: CacheEntry | undefined, loaded: boolean): CacheEntry | undefined {
    for (const key of this.#index.rkeys()) {
      const entry = this.#index.peek(key);
      if (
        entry &&
        entry !== except &&
        entry.diskBytes !== undefined &&
        entry.loaded === loaded &&
        entry.idle
      ) {
        return entry;
      }
    }
    return undefined;
  }

  #unload(entry: CacheEntry, reason: UnloadReason): Promise<void> {
    return this.#teardown(entry, () => this.#unloadStep(entry, reason));
  }

  /** Unloads the model if loaded, then deletes its disk copy, as one step nothing can slip between. */
  #discard(entry: CacheEntry, unloadReason: UnloadReason, diskReason: DiskEvictReason): Promise<void> {
    return this.#teardown(entry, async () => {
      await this.#unloadStep(entry, unloadReason);
      if (entry.diskBytes === undefined) return;
      await this.#dropDiskCopy(entry);
      this.#options.events?.diskEvicted?.(entry.ref, diskReason);
    });
  }

  async #dropDiskCopy(entry: CacheEntry): Promise<void> {
    if (entry.diskBytes === undefined) return;
    await rm(entry.dir, { recursive: true, force: true, maxRetries: 3 });
    this.#diskUsed -= entry.diskBytes;
    entry.diskBytes = undefined;
  }

  async #unloadStep(entry: CacheEntry, reason: UnloadReason): Promise<void> {
    if (!entry.loaded) return;
    const started = performance.now();
    // An unload that fails (container gone, 404) still leaves the model not loaded.
    await this.#container.unload(entry.name).catch(noop);
    this.#forgetMemory(entry);
    this.#options.events?.unloaded?.(entry.ref, micros(performance.now() - started), reason);
  }

  /** Serialises unload/delete steps per model; `entry.teardown` keeps eviction and reload apart. */
  #teardown(entry: CacheEntry, step: () => Promise<void>): Promise<void> {
    const run = (entry.teardown ?? Promise.resolve()).then(step);
    const tracked = run.finally(() => {
      if (entry.teardown === tracked) entry.teardown = undefined;
      this.#changed.notify();
      this.#forgetIfEmpty(entry);
    });
    entry.teardown = tracked;
    return tracked;
  }

  #forgetMemory(entry: CacheEntry): void {
    if (entry.memoryBytes === undefined) return;
    this.#memoryUsed -= entry.memoryBytes;
    this.#loadedCount--;
    entry.memoryBytes = undefined;
    this.#changed.notify();
  }

  #forgetIfEmpty(entry: CacheEntry): void {
    if (entry.empty && this.#index.peek(entry.key) === entry) this.#index.delete(entry.key);
  }

  #inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(noop).finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  #logStreamArn(entry: CacheEntry): string {
    return (
      this.#options.logStreamArn?.(entry.ref) ??
      `arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/${entry.ref.endpointName}`
    );
  }
}
