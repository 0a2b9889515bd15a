import { describe, expect, it } from "vitest";
import { decide, type TrackingInput } from "./target-tracking.js";

const base: TrackingInput = {
  datapoints: [],
  current: 1,
  min: 1,
  max: 4,
  target: 10,
  disableScaleIn: false,
  now: 1_000_000,
  scaleOutCooldownMs: 60_000,
  scaleInCooldownMs: 300_000,
};

describe("decide", () => {
  it("scales out after 3 high minutes, proportionally and within max", () => {
    expect(decide({ ...base, datapoints: [25, 25] })).toBeUndefined();
    expect(decide({ ...base, datapoints: [25, 25, 25] })).toEqual({ desired: 3, alarm: "AlarmHigh" });
    expect(decide({ ...base, datapoints: [99, 99, 99] })).toEqual({ desired: 4, alarm: "AlarmHigh" });
  });

  it("scales in only after 15 minutes below 90% of the target", () => {
    const low = Array.from({ length: 15 }, () => 2);
    expect(decide({ ...base, current: 3, datapoints: low.slice(1) })).toBeUndefined();
    expect(decide({ ...base, current: 3, datapoints: low })).toEqual({ desired: 1, alarm: "AlarmLow" });
    expect(decide({ ...base, current: 3, datapoints: low, disableScaleIn: true })).toBeUndefined();
  });

  it("honours cooldowns", () => {
    const high = [30, 30, 30];
    expect(decide({ ...base, datapoints: high, lastScaleOut: base.now - 59_000 })).toBeUndefined();
    expect(decide({ ...base, datapoints: high, lastScaleOut: base.now - 60_000 })).toMatchObject({
      desired: 3,
    });
    const low = Array.from({ length: 15 }, () => 0);
    expect(decide({ ...base, current: 3, datapoints: low, lastScaleIn: base.now - 1000 })).toBeUndefined();
    expect(decide({ ...base, current: 3, datapoints: low, lastScaleOut: base.now - 1000 })).toBeUndefined();
  });

  it("brings capacity into [min, max] at once", () => {
    expect(decide({ ...base, min: 2 })).toEqual({ desired: 2, alarm: "Capacity" });
    expect(decide({ ...base, current: 6 })).toEqual({ desired: 4, alarm: "Capacity" });
  });
});
