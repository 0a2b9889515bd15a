// Step scaling as Application Auto Scaling runs it when a CloudWatch alarm naming the policy fires: the
// breach (metric − threshold) picks the step whose [lower, upper) interval holds it (a missing bound is
// unbounded), and the adjustment type turns its ScalingAdjustment into a new capacity, clamped to
// [min, max]. While the policy's Cooldown runs from its last scale-out, a further scale-out is held back.
import type { StepScalingConfiguration } from "./shapes.js";

export interface StepInput {
  config: StepScalingConfiguration;
  breach: number;
  current: number;
  min: number;
  max: number;
}

/** The new capacity, or undefined when no step holds the breach. */
export function stepCapacity(input: StepInput): number | undefined {
  const step = (input.config.StepAdjustments ?? []).find(
    (s) =>
      (s.MetricIntervalLowerBound === undefined || input.breach >= s.MetricIntervalLowerBound) &&
      (s.MetricIntervalUpperBound === undefined || input.breach < s.MetricIntervalUpperBound),
  );
  if (!step) return undefined;
  const { current } = input;
  let desired: number;
  switch (input.config.AdjustmentType ?? "ChangeInCapacity") {
    case "ExactCapacity":
      desired = step.ScalingAdjustment;
      break;
    case "PercentChangeInCapacity": {
      let change = Math.trunc((current * step.ScalingAdjustment) / 100);
      const least = input.config.MinAdjustmentMagnitude ?? 0;
      if (Math.abs(change) < least) change = Math.sign(step.ScalingAdjustment) * least;
      desired = current + change;
      break;
    }
    default:
      desired = current + step.ScalingAdjustment;
  }
  return Math.min(input.max, Math.max(input.min, desired));
}
