// When the requests of an open-loop step are due: constant spacing (1/R), Poisson arrivals (exponential
// gaps of mean 1/R, seeded) or a recorded trace's own gaps scaled to a mean rate of R. Offsets are ms
// from the step's start.

import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export const ARRIVALS = ["constant", "poisson"] as const;
export type Arrivals = (typeof ARRIVALS)[number];

/** The offset of each next request, in ms from the step's start, increasing. */
export type Schedule = () => number;

export function arrivalSchedule(arrivals: Arrivals, rate: number, seed: number): Schedule {
  const gapMs = 1000 / rate;
  let at = 0;
  if (arrivals === "constant") {
    let index = 0;
    return () => index++ * gapMs;
  }
  const rng = xoroshiro128plus(seed);
  return () => {
    at += -Math.log(1 - uniformFloat64(rng)) * gapMs;
    return at;
  };
}

/** A trace's arrival times (seconds from its start, sorted), replayed in a loop at a mean rate of `rate`. */
export function traceSchedule(timesS: readonly number[], rate: number): Schedule {
  const n = timesS.length;
  // One loop lasts n / rate seconds: the trace's span stretched or squeezed, its bursts kept.
  const loopMs = (n / rate) * 1000;
  const span = (timesS[n - 1] ?? 0) - (timesS[0] ?? 0);
  const scale = span > 0 ? (loopMs * (n - 1)) / n / span : 0;
  let index = 0;
  return () => {
    const loop = Math.floor(index / n);
    const i = index % n;
    index++;
    const within = span > 0 ? ((timesS[i] ?? 0) - (timesS[0] ?? 0)) * scale : (i * loopMs) / n;
    return loop * loopMs + within;
  };
}
