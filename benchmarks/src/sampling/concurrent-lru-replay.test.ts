import { describe, expect, it } from "vitest";
import { replayConcurrentLru } from "./concurrent-lru-replay.js";
import { replayLru } from "./lru-replay.js";
import { ZipfSampler } from "./zipf.js";

const COSTS = { hitMs: 1, missMs: 10 };

describe("replayConcurrentLru", () => {
  it("is the plain LRU replay with one connection", () => {
    const trace = new ZipfSampler({ n: 60, s: 1, seed: 42 }).trace(5000);
    expect(replayConcurrentLru(trace, 8, 1, COSTS)).toEqual(replayLru(trace, 8));
  });

  it("counts requests that arrive while their model loads as misses", () => {
    // Two clients: both ask for "a" at t=0; the second waits on the first one's load.
    expect(replayConcurrentLru(["a", "a"], 2, 2, COSTS).hits).toBe(0);
    expect(replayLru(["a", "a"], 2).hits).toBe(1);
  });

  it("never evicts a model with a request in flight", () => {
    // Capacity 1, two clients: "a" loads and runs (0-10); "b" waits for "a" to go idle, evicts it, loads
    // (10-20); the next "a" waits for "b" in turn.
    const result = replayConcurrentLru(["a", "b", "a"], 1, 2, COSTS);
    expect(result).toMatchObject({ misses: 3, evictions: 2 });
  });

  it("sits at or below the sequential replay on a Zipf trace at 4 connections", () => {
    const trace = new ZipfSampler({ n: 60, s: 1, seed: 42 }).trace(5000);
    const concurrent = replayConcurrentLru(trace, 8, 4, COSTS).hitRatio;
    expect(concurrent).toBeLessThan(replayLru(trace, 8).hitRatio);
    expect(concurrent).toBeGreaterThan(0);
  });
});
