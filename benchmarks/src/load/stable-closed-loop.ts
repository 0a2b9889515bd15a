// A closed-loop step (autocannon at a fixed connection count) measured in windows until the last three
// agree within the tolerance (stability.ts) or the step's time limit; the figures are the last three's.

import type { LoadRun } from "../report/schema.js";
import { type LoadStep, runLoad } from "./autocannon-run.js";
import { LatencyHistogram } from "./latency-histogram.js";
import { isStable, STABLE_WINDOWS, type StepWindows, type WindowFigures } from "./stability.js";

export async function runStableLoad(
  step: Omit<LoadStep, "durationS" | "amount" | "timeline">,
  windows: StepWindows,
  onWindow?: (index: number, figures: WindowFigures) => void,
): Promise<LoadRun> {
  const limit = Math.max(STABLE_WINDOWS, Math.ceil(windows.limitS / windows.windowS));
  const runs: LoadRun[] = [];
  const histograms: LatencyHistogram[] = [];
  const figures: WindowFigures[] = [];
  while (runs.length < limit && !isStable(figures, windows.tolerance)) {
    const { run, latency } = await runLoad({ ...step, durationS: windows.windowS });
    runs.push(run);
    histograms.push(latency);
    figures.push({ throughput: run.requestsPerSec, latencyMs: run.latencyMs.mean });
    onWindow?.(figures.length - 1, figures[figures.length - 1] as WindowFigures);
  }
  return lastWindows(step.connections, runs, histograms, isStable(figures, windows.tolerance));
}

/** A step's figures from its last three windows (all of them when fewer ran). */
export function lastWindows(
  connections: number,
  runs: readonly LoadRun[],
  histograms: readonly LatencyHistogram[],
  stable: boolean,
): LoadRun {
  const measured = runs.slice(-STABLE_WINDOWS);
  const latency = new LatencyHistogram();
  for (const h of histograms.slice(-STABLE_WINDOWS)) latency.add(h);
  const sum = (pick: (r: LoadRun) => number) => measured.reduce((a, r) => a + pick(r), 0);
  const durationS = sum((r) => r.durationS);
  const requests = sum((r) => r.requests);
  return {
    connections,
    durationS,
    requests,
    requestsPerSec: durationS > 0 ? requests / durationS : 0,
    latencyMs: latency.stats(),
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    stable,
    windows: runs.length,
  };
}
