import { describe, expect, it } from "vitest";
import { ZipfSampler } from "./zipf.js";

describe("ZipfSampler", () => {
  it("gives the same trace for the same seed and a different one for another seed", () => {
    const a = new ZipfSampler({ n: 50, s: 1.1, seed: 7 }).trace(200);
    const b = new ZipfSampler({ n: 50, s: 1.1, seed: 7 }).trace(200);
    const c = new ZipfSampler({ n: 50, s: 1.1, seed: 8 }).trace(200);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("stays within 0..n-1 and favours low ranks in the Zipf proportions", () => {
    const n = 20;
    const sampler = new ZipfSampler({ n, s: 1, seed: 1 });
    const draws = 100_000;
    const counts = new Array<number>(n).fill(0);
    for (const k of sampler.trace(draws)) counts[k] = (counts[k] ?? 0) + 1;
    expect(counts.every((c) => c > 0)).toBe(true);
    // P(0)/P(1) = 2 for s = 1; the empirical ratio lands close to it.
    expect((counts[0] ?? 0) / (counts[1] ?? 1)).toBeCloseTo(2, 0);
    for (let k = 0; k < n; k++) {
      expect((counts[k] ?? 0) / draws).toBeCloseTo(sampler.probability(k), 2);
    }
  });

  it("is uniform when s = 0", () => {
    const sampler = new ZipfSampler({ n: 4, s: 0, seed: 3 });
    for (let k = 0; k < 4; k++) expect(sampler.probability(k)).toBeCloseTo(0.25, 10);
  });

  it("rejects impossible parameters with a clear error", () => {
    expect(() => new ZipfSampler({ n: 0, s: 1, seed: 1 })).toThrow(/n must be a positive integer/);
    expect(() => new ZipfSampler({ n: 3, s: -1, seed: 1 })).toThrow(/s must be/);
  });
});
