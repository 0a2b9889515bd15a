// Median and minimum of a step's samples, in milliseconds.

export interface Spread {
  median: number;
  min: number;
  samples: number;
}

export function spreadOf(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, samples: sorted.length };
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
