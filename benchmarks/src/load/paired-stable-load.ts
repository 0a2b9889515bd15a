// Two closed-loop steps (the emulator and the container direct) measured in alternating windows, AB BA AB …,
// until each side's last three agree (stability.ts) or the step's limit. On a shared VM the machine's
// speed drifts by tens of percent within a minute: two steps measured one after the other compare two
// moments of the machine as much as the two paths. Windows seconds apart, in alternating order, compare
// the paths; each ratio and difference is the median of the last three rounds' own.

import { percentile, sortedAscending } from "@mme/core/metrics";
import type { LoadRun } from "../report/schema.js";
import { type LoadStep, runLoad } from "./autocannon-run.js";
import type { LatencyHistogram } from "./latency-histogram.js";
import { isStable, STABLE_WINDOWS, type StepWindows, type WindowFigures } from "./stability.js";
import { lastWindows } from "./stable-closed-loop.js";

type Step = Omit<LoadStep, "durationS" | "amount" | "timeline">;

/** One round's comparison of side a against side b. */
export interface RoundComparison {
  /** a's req/s ÷ b's. */
  throughputRatio: number;
  /** a's mean latency − b's, µs. */
  overheadMicros: number;
  /** 1/a's req/s − 1/b's, µs: server time added per request at saturation. */
  addedServiceMicros: number;
}

export interface PairedLoad extends RoundComparison {
  a: LoadRun;
  b: LoadRun;
  /** Every round, in order; the figures above are the medians of the last three. */
  rounds: RoundComparison[];
}

class Side {
  readonly runs: LoadRun[] = [];
  readonly histograms: LatencyHistogram[] = [];

  constructor(readonly step: Step) {}

  /** What stability.ts weighs, window by window. */
  get figures(): WindowFigures[] {
    return this.runs.map((run) => ({ throughput: run.requestsPerSec, latencyMs: run.latencyMs.mean }));
  }

  async window(windowS: number): Promise<void> {
    const { run, latency } = await runLoad({ ...this.step, durationS: windowS });
    this.runs.push(run);
    this.histograms.push(latency);
  }

  result(tolerance: number): LoadRun {
    return lastWindows(this.step.connections, this.runs, this.histograms, isStable(this.figures, tolerance));
  }
}

export async function runPairedStableLoad(
  stepA: Step,
  stepB: Step,
  windows: StepWindows,
  onRound?: (index: number, a: WindowFigures, b: WindowFigures) => void,
): Promise<PairedLoad> {
  const limit = Math.max(STABLE_WINDOWS, Math.ceil(windows.limitS / windows.windowS));
  const a = new Side(stepA);
  const b = new Side(stepB);
  const rounds: RoundComparison[] = [];
  const stable = () => isStable(a.figures, windows.tolerance) && isStable(b.figures, windows.tolerance);
  while (rounds.length < limit && !stable()) {
    const [first, second] = rounds.length % 2 === 0 ? [a, b] : [b, a];
    await first.window(windows.windowS);
    await second.window(windows.windowS);
    rounds.push(compareRuns(a.runs.at(-1) as LoadRun, b.runs.at(-1) as LoadRun));
    onRound?.(rounds.length - 1, a.figures.at(-1) as WindowFigures, b.figures.at(-1) as WindowFigures);
  }
  const last = rounds.slice(-STABLE_WINDOWS);
  // NaN where a side answered nothing in every one of them (a report holds it as null).
  const median = (pick: (round: RoundComparison) => number) => {
    const values = last.map(pick).filter(Number.isFinite);
    return values.length === 0 ? Number.NaN : percentile(sortedAscending(values), 50);
  };
  return {
    a: a.result(windows.tolerance),
    b: b.result(windows.tolerance),
    rounds,
    throughputRatio: median((round) => round.throughputRatio),
    overheadMicros: median((round) => round.overheadMicros),
    addedServiceMicros: median((round) => round.addedServiceMicros),
  };
}

function compareRuns(a: LoadRun, b: LoadRun): RoundComparison {
  const perRequest = (run: LoadRun) => (run.requestsPerSec > 0 ? 1e6 / run.requestsPerSec : Number.NaN);
  return {
    throughputRatio: b.requestsPerSec > 0 ? a.requestsPerSec / b.requestsPerSec : Number.NaN,
    overheadMicros:
      a.requests > 0 && b.requests > 0 ? (a.latencyMs.mean - b.latencyMs.mean) * 1000 : Number.NaN,
    addedServiceMicros: perRequest(a) - perRequest(b),
  };
}
