// Cold and warm latencies apart. The emulator marks each answer (X-Mme-Emulator-Model-Cache: miss when the
// request waited for a model load, hit otherwise): the open loop records the two in separate histograms, and
// the figures are exact. A target that marks nothing (real SageMaker) falls back to its counters: the share
// of requests ModelCacheHit counted as misses is taken as the cold share, and those as the slowest that share
// of the step's answers (warm percentiles from the histogram's lower part, cold from its upper part). A warm
// request queued behind a load can be slower than a cold one, so that split is an estimate.
import type { LatencyHistogram } from "../load/latency-histogram.js";
import type { MarkedLatency } from "../load/open-loop-run.js";
import type { ColdWarmSource, SplitLatency } from "./schema.js";

export interface ColdWarmLatency {
  source: ColdWarmSource | null;
  coldShare: number | null;
  warm: SplitLatency | null;
  cold: SplitLatency | null;
}

export function coldWarm(
  all: LatencyHistogram,
  marked: MarkedLatency,
  hitRatio: number | null,
): ColdWarmLatency {
  const markedCount = marked.warm.count + marked.cold.count;
  if (markedCount > 0) {
    const split = (h: LatencyHistogram) =>
      h.count > 0 ? { p50: h.percentileMs(50), p99: h.percentileMs(99) } : null;
    return {
      source: "x-mme-emulator-model-cache",
      coldShare: marked.cold.count / markedCount,
      warm: split(marked.warm),
      cold: split(marked.cold),
    };
  }
  if (hitRatio === null || all.count === 0) return { source: null, coldShare: null, warm: null, cold: null };
  return { source: "ModelCacheHit", ...estimateFromShare(all, 1 - hitRatio) };
}

function estimateFromShare(latency: LatencyHistogram, coldShare: number) {
  const warmShare = 1 - coldShare;
  const warmAt = (p: number) => latency.percentileMs(warmShare * p);
  const coldAt = (p: number) => latency.percentileMs(warmShare * 100 + coldShare * p);
  return {
    coldShare,
    warm: warmShare > 0 ? { p50: warmAt(50), p99: warmAt(99) } : null,
    cold: coldShare > 0 ? { p50: coldAt(50), p99: coldAt(99) } : null,
  };
}
