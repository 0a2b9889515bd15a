import { UsageError } from "@mme/core";

/** Flags shared by `mme autoscale` and `mme create-endpoint --autoscale`. */
export const scalingPolicyArgs = {
  "target-invocations": {
    type: "string",
    description: "target invocations per instance per minute (SageMakerVariantInvocationsPerInstance)",
  },
  "scale-in-cooldown": {
    type: "string",
    description: "seconds after a scale-in before the next (default 300)",
  },
  "scale-out-cooldown": {
    type: "string",
    description: "seconds after a scale-out before the next (default 300)",
  },
} as const;

export interface ScalingPolicyValues {
  "target-invocations"?: string;
  "scale-in-cooldown"?: string;
  "scale-out-cooldown"?: string;
}

export function wholeNumber(value: string | undefined, flag: string, min: number): number {
  const n = Number(value);
  if (value === undefined || value === "" || !Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got "${value ?? ""}"`);
  }
  return n;
}

export function scalingPolicy(args: ScalingPolicyValues) {
  const target = Number(args["target-invocations"]);
  if (args["target-invocations"] === undefined || !Number.isFinite(target) || target <= 0) {
    throw new UsageError(
      `--target-invocations must be a positive number, got "${args["target-invocations"] ?? ""}"`,
    );
  }
  return {
    targetInvocations: target,
    ...(args["scale-in-cooldown"] === undefined
      ? {}
      : { scaleInCooldown: wholeNumber(args["scale-in-cooldown"], "--scale-in-cooldown", 0) }),
    ...(args["scale-out-cooldown"] === undefined
      ? {}
      : { scaleOutCooldown: wholeNumber(args["scale-out-cooldown"], "--scale-out-cooldown", 0) }),
  };
}

/** `--autoscale MIN-MAX`, e.g. 1-4 (or another flag's range, whose MIN may go down to `lowest`). */
export function capacityRange(
  value: string,
  flag = "--autoscale",
  lowest = 1,
): { minCapacity: number; maxCapacity: number } {
  const match = /^(\d+)-(\d+)$/.exec(value.trim());
  if (!match) throw new UsageError(`${flag} must be MIN-MAX instance counts, e.g. 1-4; got "${value}"`);
  const minCapacity = Number(match[1]);
  const maxCapacity = Number(match[2]);
  if (minCapacity < lowest || maxCapacity < Math.max(minCapacity, 1)) {
    throw new UsageError(`${flag} ${value}: need ${lowest} <= MIN <= MAX${lowest < 1 ? ", MAX >= 1" : ""}`);
  }
  return { minCapacity, maxCapacity };
}

/** `--instance-count` when given (a whole number ≥ 1), else the settings' instance count. */
export function instanceCountArg(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : wholeNumber(value, "--instance-count", 1);
}
