// Per-model figures from the emulator's `mme_model_*` series (labelled TargetModel), in the units
// the report uses. SageMaker itself has no per-model metrics; against it these read as absent.

import { type Sample, sumOf } from "@mme/core/metrics";

export interface ModelPhaseCounts {
  downloads: number;
  extractions: number;
  loads: number;
}

export interface ModelPhaseMs {
  downloadMs: number | null;
  extractMs: number | null;
  loadMs: number | null;
  modelLatencyMs: number | null;
}

const PHASES = {
  downloads: "mme_model_ModelDownloadingTime",
  extractions: "mme_model_ModelExtractionTime",
  loads: "mme_model_ModelLoadingTime",
} as const;

export function modelPhaseCounts(
  samples: readonly Sample[],
  endpointName: string,
  targetModel: string,
): ModelPhaseCounts {
  const where = { EndpointName: endpointName, TargetModel: targetModel };
  return {
    downloads: sumOf(samples, `${PHASES.downloads}_count`, where),
    extractions: sumOf(samples, `${PHASES.extractions}_count`, where),
    loads: sumOf(samples, `${PHASES.loads}_count`, where),
  };
}

/** Mean of a per-model histogram in ms, or null when the series is absent. */
function meanMs(samples: readonly Sample[], name: string, where: Record<string, string>): number | null {
  const count = sumOf(samples, `${name}_count`, where);
  return count === 0 ? null : sumOf(samples, `${name}_sum`, where) / count / 1000;
}

export function modelPhaseMs(
  samples: readonly Sample[],
  endpointName: string,
  targetModel: string,
): ModelPhaseMs {
  const where = { EndpointName: endpointName, TargetModel: targetModel };
  return {
    downloadMs: meanMs(samples, PHASES.downloads, where),
    extractMs: meanMs(samples, PHASES.extractions, where),
    loadMs: meanMs(samples, PHASES.loads, where),
    modelLatencyMs: meanMs(samples, "mme_model_ModelLatency", where),
  };
}

/** Endpoint-level counters that the churn scenario takes deltas of. */
export function endpointCounters(samples: readonly Sample[], endpointName: string) {
  const where = { EndpointName: endpointName };
  return {
    cacheLookups: sumOf(samples, "ModelCacheHit_count", where),
    cacheHits: sumOf(samples, "ModelCacheHit_sum", where),
    unloads: sumOf(samples, "ModelUnloadingTime_count", where),
    loads: sumOf(samples, "ModelLoadingTime_count", where),
  };
}
