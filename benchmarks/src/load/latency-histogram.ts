// Latencies in an HDR histogram (hdr-histogram-js, autocannon's own): fixed memory whatever the request
// count, 3 significant digits, recorded in microseconds so a warm hit keeps its sub-millisecond resolution.
import * as hdr from "hdr-histogram-js";
import type { LatencyStats } from "../report/schema.js";

export class LatencyHistogram {
  readonly #histogram = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });

  recordMs(ms: number): void {
    this.#histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  add(other: LatencyHistogram): void {
    this.#histogram.add(other.#histogram);
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  /** The latency at percentile p (0–100), in ms; 0 when empty. */
  percentileMs(p: number): number {
    return this.count === 0 ? 0 : this.#histogram.getValueAtPercentile(p) / 1000;
  }

  stats(): LatencyStats {
    if (this.count === 0) return { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const h = this.#histogram;
    return {
      min: h.minNonZeroValue / 1000,
      mean: h.mean / 1000,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      max: h.maxValue / 1000,
    };
  }
}
