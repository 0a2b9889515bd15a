// perf_analyzer's stability rule: a step is stable once its last three measurement windows each lie
// within ± tolerance of their average, in throughput and in latency.

export interface WindowFigures {
  /** Answered requests per second. */
  throughput: number;
  /** The window's mean latency, ms. */
  latencyMs: number;
}

export const STABLE_WINDOWS = 3;

export function isStable(windows: readonly WindowFigures[], tolerance: number): boolean {
  if (windows.length < STABLE_WINDOWS) return false;
  const last = windows.slice(-STABLE_WINDOWS);
  return (["throughput", "latencyMs"] as const).every((figure) => {
    const values = last.map((w) => w[figure]);
    const average = values.reduce((a, b) => a + b, 0) / values.length;
    if (average === 0) return values.every((v) => v === 0);
    return values.every((v) => Math.abs(v - average) <= tolerance * average);
  });
}

/** How a step is measured: windows of `windowS` until the last three agree within `tolerance`, or `limitS`. */
export interface StepWindows {
  windowS: number;
  limitS: number;
  /** 0.1 = ± 10 %. */
  tolerance: number;
}
