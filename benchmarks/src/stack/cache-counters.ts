// Where an endpoint's cache counters come from: the emulator's /metrics (ModelCacheHit, ModelUnloadingTime,
// ModelLoadingTime). Real SageMaker has no /metrics: there `read` answers null and the figures that need it
// read as absent. CloudWatch's ModelCacheHit for the endpoint (Average = hit ratio) is the source to plug in
// here for a real MME.
import type { EmulatorClient } from "./emulator-client.js";
import { endpointCounters } from "./model-metrics.js";

export interface CacheCounters {
  lookups: number;
  hits: number;
  unloads: number;
  loads: number;
}

export interface CacheCounterSource {
  /** Cumulative counters of the endpoint, or null when the target exposes none. */
  read(endpointName: string): Promise<CacheCounters | null>;
}

/** The metric families endpointCounters reads: asked for by name, so a poll stays small at any fleet size. */
const COUNTER_FAMILIES = ["ModelCacheHit", "ModelUnloadingTime", "ModelLoadingTime"];

export function emulatorCacheCounters(emulator: EmulatorClient): CacheCounterSource {
  return {
    async read(endpointName) {
      const c = endpointCounters(await emulator.metrics(COUNTER_FAMILIES), endpointName);
      return { lookups: c.cacheLookups, hits: c.cacheHits, unloads: c.unloads, loads: c.loads };
    },
  };
}

/** A target with no cache counters (real SageMaker, until a CloudWatch reader is passed instead). */
export const NO_CACHE_COUNTERS: CacheCounterSource = { read: async () => null };
