// A seeded sampler over indices 0..n-1 with given weights (inverse-CDF lookup): the same weights and seed
// always yield the same sequence, so a trace can be replayed offline.

import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export class WeightedSampler {
  readonly #cdf: Float64Array;
  readonly #rng: ReturnType<typeof xoroshiro128plus>;

  constructor(weights: readonly number[], seed: number) {
    const n = weights.length;
    if (n < 1) throw new RangeError("a sampler needs at least one weight");
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new RangeError("a sampler needs a positive total weight");
    this.#cdf = new Float64Array(n);
    let running = 0;
    for (let k = 0; k < n; k++) {
      running += (weights[k] ?? 0) / total;
      this.#cdf[k] = running;
    }
    this.#cdf[n - 1] = 1; // guard against rounding leaving the last bucket unreachable
    this.#rng = xoroshiro128plus(seed);
  }

  /** Probability of index k. */
  probability(k: number): number {
    const hi = this.#cdf[k] ?? 0;
    const lo = k === 0 ? 0 : (this.#cdf[k - 1] ?? 0);
    return hi - lo;
  }

  /** The next index, by inverse-CDF lookup (binary search). */
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

  /** A trace of `length` indices. */
  trace(length: number): number[] {
    return Array.from({ length }, () => this.next());
  }
}
