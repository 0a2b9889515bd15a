import { describe, expect, it } from "vitest";
import { isStable } from "./stability.js";

const w = (throughput: number, latencyMs: number) => ({ throughput, latencyMs });

describe("isStable (perf_analyzer's rule)", () => {
  it("needs three windows each within the tolerance of their average, in throughput and latency", () => {
    expect(isStable([w(100, 10), w(100, 10)], 0.1)).toBe(false);
    expect(isStable([w(50, 90), w(100, 10), w(104, 10.5), w(98, 9.6)], 0.1)).toBe(true);
    expect(isStable([w(100, 10), w(100, 10), w(100, 13)], 0.1)).toBe(false);
    expect(isStable([w(100, 10), w(80, 10), w(100, 10)], 0.1)).toBe(false);
    expect(isStable([w(100, 10), w(80, 10), w(100, 10)], 0.2)).toBe(true);
  });
});
