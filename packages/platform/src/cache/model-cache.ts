// The MME model cache: orchestrates a disk tier (extracted archives, disk-tier.ts) and a memory tier
// (models loaded in the container, memory-tier.ts): single-flight bring-up per model, leases that pin
// models in use, per-model teardown (unload, delete) that nothing slips between, and shutdown.

import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { ModelError, ModelNotReadyException, ServiceUnavailable } from "@mme/core";
import { coldTrace } from "@mme/core/cold-trace";
import type { ModelContainer } from "@mme/core/container";
import type { ArchiveLimits } from "@mme/core/triton";
import { LRUCache } from "lru-cache";
import type { ModelSource } from "../source/model-source.js";
import { type Extractor, safeExtract } from "../source/safe-extract.js";
import { boundedWait, untilAborted } from "./bounded-wait.js";
import { type BringUpAttempt, CacheEntry, entryKey, type StepTimings } from "./cache-entry.js";
import { toRequestError } from "./cache-errors.js";
import { cacheEvents } from "./cache-events.js";
import { ChangeSignal } from "./change-signal.js";
import { DiskTier } from "./disk-tier.js";
import { MemoryTier } from "./memory-tier.js";
import type {
  AcquireResult,
  AcquireTimings,
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
/** Every warm hit's timings: shared, never written. */
const WARM_HIT: AcquireTimings = Object.freeze({ cacheHit: true, waitMicros: 0 });

export class ModelCache {
  readonly #container: ModelContainer;
  readonly #options: ModelCacheInit;
  readonly #waitBudgetMs: number;
  readonly #loadTimeoutMs: number;
  /** Recency order of every tracked model (least recent first in rkeys()); eviction policy is ours. */
  readonly #index = new LRUCache<string, CacheEntry>({ max: MAX_TRACKED_MODELS });
  readonly #changed = new ChangeSignal();
  readonly #background = new Set<Promise<unknown>>();
  readonly #disk: DiskTier;
  readonly #memory: MemoryTier;
  #hits = 0;
  #misses = 0;
  /** Leases held plus requests waiting, over every model. */
  #inFlight = 0;
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
    this.#waitBudgetMs = options.waitBudgetMs ?? 60_000;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? 360_000;
    const byRecency = () => this.#byRecency();
    this.#disk = new DiskTier({
      source: options.source,
      extract: options.extract ?? safeExtract,
      diskBytes: options.diskBytes,
      extractLimits: options.extractLimits,
      byRecency,
      discard: (entry) => this.#discard(entry, "evicted", "disk-full"),
    });
    this.#memory = new MemoryTier({
      container: options.container,
      memoryBytes: options.memoryBytes,
      maxLoadedModels: options.maxLoadedModels,
      changed: this.#changed,
      byRecency,
      evict: (entry) => this.#teardown(entry, () => this.#memory.unload(entry, "evicted")),
      logStreamArn: (entry) => this.#logStreamArn(entry),
    });
  }

  /** Leases the model, loading it first when cold. Rejects with ModelNotReadyException after the wait budget. */
  async acquire(ref: ModelRef, opts: { signal?: AbortSignal } = {}): Promise<AcquireResult> {
    if (this.#closed) throw new ServiceUnavailable("The endpoint is shutting down.");
    const started = performance.now();
    const entry = this.#track(ref);
    entry.inFlight++;
    this.#inFlight++;
    entry.lastUsed = Date.now();
    try {
      if (entry.loaded && !entry.attempt && !entry.teardown) {
        this.#hits++;
        return { lease: this.#lease(entry), timings: WARM_HIT };
      }
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
      // A miss is a request served after a load, as CloudWatch's ModelCacheHit counts it (one definition for
      // the explorer's ratio and the metric): a load that failed or outlasted the wait budget is neither.
      this.#misses++;
      coldTrace?.mark("acquired");
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

  /** A warm hit, synchronously (no Promise, no timer); undefined when `acquire` must load or wait. */
  acquireWarm(ref: ModelRef): AcquireResult | undefined {
    if (this.#closed) return undefined;
    const entry = this.#index.get(entryKey(ref));
    if (!entry?.loaded || entry.attempt || entry.teardown) return undefined;
    entry.inFlight++;
    this.#inFlight++;
    entry.lastUsed = Date.now();
    this.#hits++;
    return { lease: this.#lease(entry), timings: WARM_HIT };
  }

  /** The container reported the model gone (404 on invoke, crashed worker): the next acquire reloads it. */
  markLost(ref: ModelRef): void {
    const entry = this.#index.peek(entryKey(ref));
    if (!entry?.loaded || entry.attempt) return;
    this.#dropLoaded(entry, "container-lost");
  }

  /** Unloads an idle loaded model on request (the explorer); its files stay in the disk tier. */
  unload(ref: ModelRef): "unloaded" | "not-loaded" | "in-use" {
    const entry = this.#index.peek(entryKey(ref));
    if (!entry?.loaded || entry.attempt) return "not-loaded";
    if (entry.inFlight > 0) return "in-use";
    this.#dropLoaded(entry, "requested");
    return "unloaded";
  }

  /** Out of the memory tier at once; the container's unload follows in the background. */
  #dropLoaded(entry: CacheEntry, reason: UnloadReason): void {
    this.#memory.forget(entry);
    const { unloaded } = cacheEvents;
    if (unloaded.hasSubscribers)
      unloaded.publish({ origin: entry.origin, ref: entry.ref, micros: 0, reason });
    // Best effort: clears a half-alive model (e.g. UNAVAILABLE) from the container's books. As a teardown,
    // so a reload waits for it instead of racing it (a late unload would drop the reloaded model).
    this.#inBackground(
      this.#teardown(entry, () => this.#container.unload(entry.name, entry.ref.targetModel).then(noop, noop)),
    );
  }

  /** Leases held plus requests waiting, over every model. */
  get inFlight(): number {
    return this.#inFlight;
  }

  get loadedCount(): number {
    return this.#memory.loadedCount;
  }

  /** The model (`key`: its entryKey) is loaded here, or a request holds or waits for it here. */
  holds(key: string): boolean {
    const entry = this.#index.peek(key);
    return entry !== undefined && (entry.loaded || entry.inFlight > 0);
  }

  /** Resolves once no request holds or waits for a model here. */
  async idle(): Promise<void> {
    while (this.#inFlight > 0) await this.#changed.wait();
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
      loadedCount: this.#memory.loadedCount,
      memoryBytesUsed: this.#memory.used,
      memoryBytesLimit: this.#memory.limit,
      diskBytesUsed: this.#disk.used,
      diskBytesLimit: this.#disk.limit,
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
      entry = new CacheEntry(key, ref, this.#options.rootDir, this.#instance, this.#options.origin);
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
    this.#inFlight--;
    entry.lastUsed = Date.now();
    this.#changed.notify();
    if (entry.inFlight > 0 || this.#closed) return;
    if ((entry.ref.cacheSetting ?? this.#options.cacheSetting) === "Disabled" && !entry.attempt) {
      this.#inBackground(this.#discard(entry, "cache-disabled", "cache-disabled"));
    } else if (this.#disk.overBound) {
      this.#inBackground(this.#disk.enforceBound());
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
    coldTrace?.mark("bring-up");
    try {
      if (entry.teardown) await entry.teardown;
      signal.throwIfAborted();
      if (entry.diskBytes === undefined) await this.#disk.fetch(entry, signal, steps);
      signal.throwIfAborted();
      if (!entry.loaded) await this.#memory.load(entry, signal, steps);
      return steps;
    } catch (error) {
      // The container refused these files: a fixed object must be downloaded afresh, not reloaded from disk.
      if (error instanceof ModelError) await this.#disk.drop(entry);
      const failure = toRequestError(entry.ref, signal.aborted ? signal.reason : error);
      const { loadFailed } = cacheEvents;
      if (loadFailed.hasSubscribers)
        loadFailed.publish({ origin: entry.origin, ref: entry.ref, error: failure });
      throw failure;
    }
  }

  /** Unloads the model if loaded, then deletes its disk copy, as one step nothing can slip between. */
  #discard(entry: CacheEntry, unloadReason: UnloadReason, diskReason: DiskEvictReason): Promise<void> {
    return this.#teardown(entry, async () => {
      await this.#memory.unload(entry, unloadReason);
      if (entry.diskBytes === undefined) return;
      await this.#disk.drop(entry);
      const { diskEvicted } = cacheEvents;
      if (diskEvicted.hasSubscribers) {
        diskEvicted.publish({ origin: entry.origin, ref: entry.ref, reason: diskReason });
      }
    });
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

  /** Every tracked model, least recently used first. */
  *#byRecency(): Iterable<CacheEntry> {
    for (const key of this.#index.rkeys()) {
      const entry = this.#index.peek(key);
      if (entry) yield entry;
    }
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
