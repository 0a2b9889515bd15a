import { describe, expect, it } from "vitest";
import { percentile, sortedAscending } from "./percentile.js";

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const values = sortedAscending([5, 1, 4, 2, 3]);
    expect(values).toEqual([1, 2, 3, 4, 5]);
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 90)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 50)).toBe(0);
  });
});
