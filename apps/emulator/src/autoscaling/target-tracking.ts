// Target tracking as Application Auto Scaling runs it for SageMakerVariantInvocationsPerInstance. AWS
// creates two CloudWatch alarms per policy: AlarmHigh (3 of 3 one-minute datapoints above the target)
// and AlarmLow (15 of 15 below 90% of it). On either, the new capacity is
// ceil(current × metric / target), clamped to [min, max]. Cooldowns: no scale-out within
// ScaleOutCooldown of the last scale-out; no scale-in within ScaleInCooldown of the last scale-in, nor
// during a scale-out cooldown.

export const HIGH_DATAPOINTS = 3;
export const LOW_DATAPOINTS = 15;
export const LOW_THRESHOLD = 0.9;
/** Application Auto Scaling's default cooldowns for a SageMaker variant (seconds). */
export const DEFAULT_COOLDOWN_SECONDS = 300;

export interface TrackingInput {
  /** Per-minute InvocationsPerInstance, oldest first. */
  datapoints: readonly number[];
  current: number;
  min: number;
  max: number;
  target: number;
  disableScaleIn: boolean;
  /** Emulated ms now, and of the last scale-out / scale-in (undefined: never). */
  now: number;
  lastScaleOut?: number;
  lastScaleIn?: number;
  scaleOutCooldownMs: number;
  scaleInCooldownMs: number;
}

export interface ScalingDecision {
  desired: number;
  alarm: "AlarmHigh" | "AlarmLow" | "Capacity";
}

export function decide(input: TrackingInput): ScalingDecision | undefined {
  const { current, min, max } = input;
  if (current < min) return { desired: min, alarm: "Capacity" };
  if (current > max) return { desired: max, alarm: "Capacity" };
  const latest = input.datapoints.at(-1);
  if (latest === undefined) return undefined;
  const proportional = Math.min(max, Math.max(min, Math.ceil((current * latest) / input.target)));
  const inScaleOutCooldown =
    input.lastScaleOut !== undefined && input.now < input.lastScaleOut + input.scaleOutCooldownMs;
  const inScaleInCooldown =
    input.lastScaleIn !== undefined && input.now < input.lastScaleIn + input.scaleInCooldownMs;
  const high = lastAll(input.datapoints, HIGH_DATAPOINTS, (v) => v > input.target);
  if (high && proportional > current && !inScaleOutCooldown)
    return { desired: proportional, alarm: "AlarmHigh" };
  const low = lastAll(input.datapoints, LOW_DATAPOINTS, (v) => v < LOW_THRESHOLD * input.target);
  if (low && !input.disableScaleIn && proportional < current && !inScaleInCooldown && !inScaleOutCooldown) {
    return { desired: proportional, alarm: "AlarmLow" };
  }
  return undefined;
}

function lastAll(values: readonly number[], count: number, test: (v: number) => boolean): boolean {
  return values.length >= count && values.slice(-count).every(test);
}
