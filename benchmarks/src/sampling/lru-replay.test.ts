import { describe, expect, it } from "vitest";
import { replayLru } from "./lru-replay.js";
import { ZipfSampler } from "./zipf.js";

describe("replayLru", () => {
  it("counts hits, misses and evictions of a hand-checked trace", () => {
    // capacity 2: a(miss) b(miss) a(hit) c(miss, evicts b) b(miss, evicts a) a(miss, evicts c) b(hit)
    const result = replayLru(["a", "b", "a", "c", "b", "a", "b"], 2);
    expect(result).toEqual({ requests: 7, hits: 2, misses: 5, evictions: 3, hitRatio: 2 / 7 });
  });

  it("hits everything after the first touch when the working set fits", () => {
    const result = replayLru([1, 2, 3, 1, 2, 3, 1, 2, 3], 3);
    expect(result.hits).toBe(6);
    expect(result.evictions).toBe(0);
  });

  it("gets a higher hit ratio from a larger cache and from a more skewed trace", () => {
    const skewed = new ZipfSampler({ n: 100, s: 1.2, seed: 5 }).trace(5000);
    const flat = new ZipfSampler({ n: 100, s: 0.2, seed: 5 }).trace(5000);
    expect(replayLru(skewed, 20).hitRatio).toBeGreaterThan(replayLru(skewed, 5).hitRatio);
    expect(replayLru(skewed, 10).hitRatio).toBeGreaterThan(replayLru(flat, 10).hitRatio);
  });

  it("answers 0 for an empty trace and refuses a zero capacity", () => {
    expect(replayLru([], 3).hitRatio).toBe(0);
    expect(() => replayLru([1], 0)).toThrow(/capacity must be a positive integer/);
  });
});
