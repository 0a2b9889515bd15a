// Median and minimum of a step's samples, in milliseconds.
import { percentile, sortedAscending } from "@mme/core/metrics";

export interface Spread {
  median: number;
  min: number;
  samples: number;
}

export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = sortedAscending(values);
  return { median: percentile(sorted, 50), min: sorted[0]!, samples: sorted.length };
}

export function formatSpread(spread: Spread | undefined): string {
  if (!spread) return "–";
  return `${formatMs(spread.median)} / ${formatMs(spread.min)}`;
}

function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
