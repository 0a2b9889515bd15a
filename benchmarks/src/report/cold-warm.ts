// Cold and warm latencies apart, when the target does not mark each answer: the target's counters say what
// share of the requests waited for a model load (ModelCacheHit's misses); those are taken to be the slowest
// that share of the step's answers, so the warm percentiles are read from the histogram's lower part and the
// cold ones from its upper part. A warm request queued behind a load can be slower than a cold one, so this
// is an estimate; it is exact when the two groups' latencies do not overlap.
import type { LatencyHistogram } from "../load/latency-histogram.js";

export interface ColdWarmLatency {
  warm: { p50: number; p99: number } | null;
  cold: { p50: number; p99: number } | null;
}

export function splitColdWarm(latency: LatencyHistogram, coldShare: number | null): ColdWarmLatency {
  if (coldShare === null || latency.count === 0) return { warm: null, cold: null };
  const warmShare = 1 - coldShare;
  const warmAt = (p: number) => latency.percentileMs(warmShare * p);
  const coldAt = (p: number) => latency.percentileMs(warmShare * 100 + coldShare * p);
  return {
    warm: warmShare > 0 ? { p50: warmAt(50), p99: warmAt(99) } : null,
    cold: coldShare > 0 ? { p50: coldAt(50), p99: coldAt(99) } : null,
  };
}
