import { describe, expect, it } from "vitest";
import { searchSloRate } from "./slo-search.js";

describe("searchSloRate", () => {
  it("brackets by doubling, then bisects to within the precision", async () => {
    const result = await searchSloRate(async (rate) => rate <= 130, { startRate: 10, precision: 0.1 });
    expect(result.best).not.toBeNull();
    expect(result.best).toBeLessThanOrEqual(130);
    expect(result.firstMiss).toBeGreaterThan(130);
    expect((result.firstMiss ?? 0) / (result.best ?? 1)).toBeLessThanOrEqual(1.1);
    expect(result.probes.slice(0, 5).map((p) => p.rate)).toEqual([10, 20, 40, 80, 160]);
  });

  it("halves from a first rate that misses", async () => {
    const result = await searchSloRate(async (rate) => rate <= 3, { startRate: 100 });
    expect(result.best).toBeLessThanOrEqual(3);
    expect(result.best).toBeGreaterThan(2.5);
  });

  it("answers null when no rate down to the floor meets it", async () => {
    const result = await searchSloRate(async () => false, { startRate: 10, minRate: 1 });
    expect(result.best).toBeNull();
    expect(result.firstMiss).toBe(1.25);
  });
});
