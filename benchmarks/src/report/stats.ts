import { percentile, sortedAscending } from "@mme/core/metrics";
import type { LatencyStats } from "./schema.js";

export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  const sorted = sortedAscending(samplesMs);
  const mean = sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    min: sorted[0] ?? 0,
    mean,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Stats of an optional per-sample figure: null when no sample has it. */
export function latencyStatsOf(values: readonly (number | null)[]): LatencyStats | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : latencyStats(present);
}
