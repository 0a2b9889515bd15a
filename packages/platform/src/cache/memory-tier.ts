// The memory tier: models loaded in the container, bounded in bytes (the container's reported footprints)
// and optionally in count. Admits one load at a time, making room by unloading the least recently used
// idle model, or waiting for a release when every loaded model is busy.

import { performance } from "node:perf_hooks";
import { coldTrace } from "@mme/core/cold-trace";
import type { ModelContainer } from "@mme/core/container";
import type { CacheEntry, StepTimings } from "./cache-entry.js";
import { containerLoadError } from "./cache-errors.js";
import { cacheEvents } from "./cache-events.js";
import type { ChangeSignal } from "./change-signal.js";
import { SerialLock } from "./serial-lock.js";
import type { UnloadReason } from "./types.js";

export interface MemoryTierOptions {
  container: ModelContainer;
  memoryBytes: number;
  maxLoadedModels?: number | undefined;
  /** Notified whenever memory frees up; waited on while a load waits for room. */
  changed: ChangeSignal;
  /** Every tracked model, least recently used first. */
  byRecency(): Iterable<CacheEntry>;
  /** Unloads a model through the cache's per-model teardown. */
  evict(entry: CacheEntry): Promise<void>;
  logStreamArn(entry: CacheEntry): string;
}

const micros = (ms: number) => Math.round(ms * 1000);
const noop = () => {};

export class MemoryTier {
  readonly #admission = new SerialLock();
  #used = 0;
  #reserved = 0;
  #loadedCount = 0;
  #loadingCount = 0;

  constructor(private readonly options: MemoryTierOptions) {}

  get used(): number {
    return this.#used;
  }

  get limit(): number {
    return this.options.memoryBytes;
  }

  get loadedCount(): number {
    return this.#loadedCount;
  }

  /** Loads the extracted model into the container once there is room for it. */
  async load(entry: CacheEntry, signal: AbortSignal, steps: StepTimings): Promise<void> {
    const { container } = this.options;
    const estimate = entry.lastMemoryBytes ?? entry.diskBytes ?? 0;
    await this.#admission.run(() => this.#makeRoom(entry, estimate, signal));
    coldTrace?.mark("admitted");
    this.#reserved += estimate;
    this.#loadingCount++;
    try {
      const started = performance.now();
      let res = await container.load(entry.name, entry.modelPath, entry.ref.targetModel);
      if (res.status === 507) {
        // Out of memory in the container: free the least recently used idle model and try once more.
        const victim = this.#lruIdleLoaded(entry);
        if (victim) await this.options.evict(victim);
        res = await container.load(entry.name, entry.modelPath, entry.ref.targetModel);
      }
      const ok = res.status >= 200 && res.status < 300;
      if (signal.aborted) {
        if (ok || res.status === 409) await container.unload(entry.name, entry.ref.targetModel).catch(noop);
        signal.throwIfAborted();
      }
      if (!ok && res.status !== 409) {
        throw containerLoadError(entry.ref, res, this.options.logStreamArn(entry));
      }
      const loadMicros = micros(performance.now() - started);
      coldTrace?.mark("loaded");
      const info = await container.describe(entry.name).catch(() => undefined);
      const footprint = info?.memoryBytes ?? entry.diskBytes ?? 0;
      entry.memoryBytes = footprint;
      entry.lastMemoryBytes = footprint;
      entry.lastLoadMicros = loadMicros;
      this.#used += footprint;
      this.#loadedCount++;
      steps.loadMicros = loadMicros;
      const { loaded } = cacheEvents;
      if (loaded.hasSubscribers) {
        loaded.publish({ origin: entry.origin, ref: entry.ref, micros: loadMicros, memoryBytes: footprint });
      }
    } finally {
      this.#reserved -= estimate;
      this.#loadingCount--;
      this.options.changed.notify();
    }
    // The reported footprint may exceed the estimate: trim idle models, without waiting for busy ones.
    while (this.#used + this.#reserved > this.options.memoryBytes) {
      const victim = this.#lruIdleLoaded(entry);
      if (!victim) break;
      await this.options.evict(victim);
    }
  }

  /** Unloads the model from the container if it is loaded (a failed unload still counts as unloaded). */
  async unload(entry: CacheEntry, reason: UnloadReason): Promise<void> {
    if (!entry.loaded) return;
    const started = performance.now();
    await this.options.container.unload(entry.name, entry.ref.targetModel).catch(noop);
    this.forget(entry);
    const { unloaded } = cacheEvents;
    if (unloaded.hasSubscribers) {
      unloaded.publish({
        origin: entry.origin,
        ref: entry.ref,
        micros: micros(performance.now() - started),
        reason,
      });
    }
  }

  /** Stops counting the model as loaded (it was unloaded, or the container lost it). */
  forget(entry: CacheEntry): void {
    if (entry.memoryBytes === undefined) return;
    this.#used -= entry.memoryBytes;
    this.#loadedCount--;
    entry.memoryBytes = undefined;
    this.options.changed.notify();
  }

  /** Runs under the admission lock: unloads idle LRU models, or waits for releases, until `estimate` fits. */
  async #makeRoom(entry: CacheEntry, estimate: number, signal: AbortSignal): Promise<void> {
    while (!this.#fits(estimate)) {
      const victim = this.#lruIdleLoaded(entry);
      if (victim) {
        await this.options.evict(victim);
        continue;
      }
      // A model larger than the whole tier may still try when nothing else holds memory.
      if (this.#loadedCount === 0 && this.#loadingCount === 0) return;
      await this.options.changed.wait(signal);
    }
  }

  #fits(estimate: number): boolean {
    const { memoryBytes, maxLoadedModels } = this.options;
    if (this.#used + this.#reserved + estimate > memoryBytes) return false;
    return maxLoadedModels === undefined || this.#loadedCount + this.#loadingCount < maxLoadedModels;
  }

  #lruIdleLoaded(except: CacheEntry): CacheEntry | undefined {
    for (const entry of this.options.byRecency()) {
      if (entry !== except && entry.loaded && entry.idle) return entry;
    }
    return undefined;
  }
}
