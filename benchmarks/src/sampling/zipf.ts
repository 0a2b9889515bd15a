// A seeded Zipf(s) sampler over ranks 0..n-1: P(rank k) ∝ 1 / (k+1)^s.
// The same (n, s, seed) always yields the same sequence, so a churn trace can be replayed offline.

import { WeightedSampler } from "./weighted.js";

export interface ZipfOptions {
  /** Number of distinct items (ranks 0..n-1). */
  n: number;
  /** Skew exponent; 0 is uniform, ~1 is the classic web-cache skew. */
  s: number;
  seed: number;
}

export class ZipfSampler extends WeightedSampler {
  constructor({ n, s, seed }: ZipfOptions) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Zipf n must be a positive integer, got ${n}`);
    if (!Number.isFinite(s) || s < 0) throw new RangeError(`Zipf s must be a finite number >= 0, got ${s}`);
    super(zipfWeights(n, s), seed);
  }
}

/** P(rank k) ∝ 1 / (k+1)^s. */
export function zipfWeights(n: number, s: number): number[] {
  return Array.from({ length: n }, (_, k) => 1 / (k + 1) ** s);
}
