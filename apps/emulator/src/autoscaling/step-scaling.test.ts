import { describe, expect, it } from "vitest";
import { stepCapacity } from "./step-scaling.js";

describe("stepCapacity", () => {
  it("scales from zero with the scale-from-zero policy AWS documents (ChangeInCapacity +1 from a breach of 0)", () => {
    const config = {
      AdjustmentType: "ChangeInCapacity" as const,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    };
    expect(stepCapacity({ config, breach: 0, current: 0, min: 0, max: 2 })).toBe(1);
    expect(stepCapacity({ config, breach: 3, current: 2, min: 0, max: 2 })).toBe(2);
    expect(stepCapacity({ config, breach: -1, current: 0, min: 0, max: 2 })).toBeUndefined();
  });

  it("picks the step whose [lower, upper) holds the breach", () => {
    const config = {
      AdjustmentType: "ExactCapacity" as const,
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 2 },
        { MetricIntervalLowerBound: 10, ScalingAdjustment: 5 },
      ],
    };
    expect(stepCapacity({ config, breach: 9.9, current: 1, min: 1, max: 8 })).toBe(2);
    expect(stepCapacity({ config, breach: 10, current: 1, min: 1, max: 8 })).toBe(5);
  });

  it("applies a percent change with its minimum magnitude, within [min, max]", () => {
    const config = {
      AdjustmentType: "PercentChangeInCapacity" as const,
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -50 }],
      MinAdjustmentMagnitude: 2,
    };
    expect(stepCapacity({ config, breach: -1, current: 10, min: 1, max: 10 })).toBe(5);
    expect(stepCapacity({ config, breach: -1, current: 3, min: 0, max: 10 })).toBe(1);
    expect(stepCapacity({ config, breach: -1, current: 1, min: 1, max: 10 })).toBe(1);
  });
});
