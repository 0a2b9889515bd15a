// A seeded Zipf(s) sampler over ranks 0..n-1: P(rank k) ∝ 1 / (k+1)^s.
// The same (n, s, seed) always yields the same sequence, so a churn trace can be replayed offline.

import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export interface ZipfOptions {
  /** Number of distinct items (ranks 0..n-1). */
  n: number;
  /** Skew exponent; 0 is uniform, ~1 is the classic web-cache skew. */
  s: number;
  seed: number;
}

export class ZipfSampler {
  readonly #cdf: Float64Array;
  readonly #rng: ReturnType<typeof xoroshiro128plus>;

  constructor({ n, s, seed }: ZipfOptions) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Zipf n must be a positive integer, got ${n}`);
    if (!Number.isFinite(s) || s < 0) throw new RangeError(`Zipf s must be a finite number >= 0, got ${s}`);
    const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
    const total = weights.reduce((a, b) => a + b, 0);
    this.#cdf = new Float64Array(n);
    let running = 0;
    for (let k = 0; k < n; k++) {
      running += (weights[k] ?? 0) / total;
      this.#cdf[k] = running;
    }
    this.#cdf[n - 1] = 1; // guard against rounding leaving the last bucket unreachable
    this.#rng = xoroshiro128plus(seed);
  }

  /** Probability of rank k. */
  probability(k: number): number {
    const hi = this.#cdf[k] ?? 0;
    const lo = k === 0 ? 0 : (this.#cdf[k - 1] ?? 0);
    return hi - lo;
  }

  /** The next rank, by inverse-CDF lookup (binary search). */
  next(): number {
    const u = uniformFloat64(this.#rng);
    let lo = 0;
    let hi = this.#cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cdf[mid] ?? 1) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** A trace of `length` ranks. */
  trace(length: number): number[] {
    return Array.from({ length }, () => this.next());
  }
}
