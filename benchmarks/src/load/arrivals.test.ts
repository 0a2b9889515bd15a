import { describe, expect, it } from "vitest";
import { arrivalSchedule, traceSchedule } from "./arrivals.js";

describe("arrival schedules", () => {
  it("spaces constant arrivals 1/R apart and Poisson arrivals 1/R apart on average", () => {
    const constant = arrivalSchedule("constant", 200, 1);
    expect(Array.from({ length: 4 }, constant)).toEqual([0, 5, 10, 15]);
    const poisson = arrivalSchedule("poisson", 200, 1);
    const offsets = Array.from({ length: 10_000 }, poisson);
    const meanGap = (offsets[offsets.length - 1] ?? 0) / offsets.length;
    expect(meanGap).toBeGreaterThan(4.7);
    expect(meanGap).toBeLessThan(5.3);
  });

  it("replays a trace's bursts scaled to the mean rate asked, looping", () => {
    // 4 requests over 3 s: at 4/s one loop lasts 1 s.
    const schedule = traceSchedule([0, 0.1, 0.2, 3], 4);
    const offsets = Array.from({ length: 8 }, schedule);
    expect(offsets[3]).toBeCloseTo(750, 6);
    expect(offsets[4]).toBeCloseTo(1000, 6);
    expect((offsets[1] ?? 0) - (offsets[0] ?? 0)).toBeCloseTo(25, 6);
  });
});
