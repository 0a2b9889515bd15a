import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../load/latency-histogram.js";
import { coldWarm } from "./cold-warm.js";

const histogram = (values: number[]) => {
  const h = new LatencyHistogram();
  for (const ms of values) h.recordMs(ms);
  return h;
};

describe("cold and warm latencies", () => {
  // 90 answers at 2 ms and 10 at 80 ms.
  const all = histogram([...Array(90).fill(2), ...Array(10).fill(80)]);

  it("come from the target's marks when it sends them, exactly", () => {
    // The marks disagree with the latencies' order: a warm request stuck behind a load took 80 ms.
    const marked = {
      warm: histogram([...Array(89).fill(2), 80]),
      cold: histogram([...Array(9).fill(80), 2]),
    };
    const split = coldWarm(all, marked, 0.5);
    expect(split.source).toBe("x-mme-emulator-model-cache");
    expect(split.coldShare).toBe(0.1);
    expect(split.warm?.p99).toBeCloseTo(80, 0);
    expect(split.cold?.p50).toBeCloseTo(80, 0);
  });

  it("are estimated from ModelCacheHit when the target marks nothing: the slowest cold share are the cold ones", () => {
    const split = coldWarm(all, { warm: histogram([]), cold: histogram([]) }, 0.9);
    expect(split.source).toBe("ModelCacheHit");
    expect(split.coldShare).toBeCloseTo(0.1, 12);
    expect(split.warm?.p99).toBeCloseTo(2, 1);
    expect(split.cold?.p50).toBeCloseTo(80, 0);
  });

  it("are absent when the target neither marks answers nor counts hits", () => {
    expect(coldWarm(all, { warm: histogram([]), cold: histogram([]) }, null)).toEqual({
      source: null,
      coldShare: null,
      warm: null,
      cold: null,
    });
  });
});
