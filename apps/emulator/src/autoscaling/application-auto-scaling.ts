// Application Auto Scaling for the emulator's endpoint variants: scalable targets, target-tracking
// policies on SageMakerVariantInvocationsPerInstance, and scaling activities. Once a (time-scaled)
// minute it reads each variant's InvocationsPerInstance for that minute, decides as target tracking does
// (target-tracking.ts) and changes the variant's instance count through UpdateEndpointWeightsAndCapacities.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { ObjectNotFoundException } from "../wire/errors/application-auto-scaling.js";
import { ValidationException } from "../wire/errors/sagemaker.js";
import type { AutoScalingState } from "./autoscaling-state.js";
import type { ScalableVariants } from "./scalable-variants.js";
import { PREDEFINED_METRIC, SCALABLE_DIMENSION, type TargetTrackingConfiguration } from "./shapes.js";
import { DEFAULT_COOLDOWN_SECONDS, decide, LOW_DATAPOINTS } from "./target-tracking.js";

export interface AutoScalingOptions {
  region: string;
  accountId: string;
  /** Emulated seconds per real second: 60 makes a minute last one second (default 1). */
  timeScale?: number;
  logger: Logger;
}

export interface ScalableTargetRecord {
  resourceId: string;
  endpointName: string;
  variantName: string;
  minCapacity: number;
  maxCapacity: number;
  creationTime: number;
  suspended: { in: boolean; out: boolean };
  /** Per-minute InvocationsPerInstance, oldest first (bounded). */
  datapoints: number[];
  /** The variant's cumulative InvocationsPerInstance at the last minute boundary. */
  lastCumulative?: number;
  lastScaleOut?: number;
  lastScaleIn?: number;
  busy: boolean;
}

export interface PolicyRecord {
  arn: string;
  name: string;
  resourceId: string;
  config: TargetTrackingConfiguration;
  alarms: { AlarmName: string; AlarmARN: string }[];
  creationTime: number;
}

export interface ActivityRecord {
  ActivityId: string;
  ServiceNamespace: "sagemaker";
  ResourceId: string;
  ScalableDimension: string;
  Description: string;
  Cause: string;
  StartTime: number;
  EndTime?: number;
  StatusCode: "InProgress" | "Successful" | "Failed";
  StatusMessage?: string;
}

const RESOURCE_ID = /^endpoint\/([^/]+)\/variant\/([^/]+)$/;

export class ApplicationAutoScaling {
  readonly targets = new Map<string, ScalableTargetRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  /** Newest first. */
  readonly activities: ActivityRecord[] = [];
  readonly #timeScale: number;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly variants: ScalableVariants,
    private readonly options: AutoScalingOptions,
  ) {
    this.#timeScale = options.timeScale ?? 1;
    if (!(this.#timeScale > 0)) throw new RangeError("autoscaling time scale must be positive");
    this.#timer = setInterval(() => this.tick(), 60_000 / this.#timeScale);
    this.#timer.unref();
  }

  get region(): string {
    return this.options.region;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get timeScale(): number {
    return this.#timeScale;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  /** Targets, policies and activities as they are kept; datapoints and cooldowns start afresh. */
  snapshot(): AutoScalingState {
    return {
      targets: [...this.targets.values()].map((t) => ({
        resourceId: t.resourceId,
        endpointName: t.endpointName,
        variantName: t.variantName,
        minCapacity: t.minCapacity,
        maxCapacity: t.maxCapacity,
        creationTime: t.creationTime,
        suspended: t.suspended,
      })),
      policies: [...this.policies.values()],
      activities: this.activities,
    };
  }

  /** A kept state; an activity cut off by the restart ends with the endpoint's restore. */
  restore(state: AutoScalingState): void {
    for (const target of state.targets) {
      this.targets.set(target.resourceId, { ...target, datapoints: [], busy: false });
    }
    for (const policy of state.policies) this.policies.set(`${policy.resourceId}|${policy.name}`, policy);
    for (const activity of state.activities) {
      if (activity.StatusCode === "InProgress") {
        activity.StatusCode = "Successful";
        activity.EndTime = Date.now() / 1000;
        activity.StatusMessage =
          "Successfully set desired instance count. Change successfully fulfilled by sagemaker.";
      }
      this.activities.push(activity);
    }
  }

  /** Emulated milliseconds since start: what cooldowns are measured in. */
  emulatedNow(): number {
    return (Date.now() - this.#started) * this.#timeScale;
  }

  register(input: {
    ServiceNamespace: string;
    ResourceId: string;
    ScalableDimension: string;
    MinCapacity?: number | undefined;
    MaxCapacity?: number | undefined;
    SuspendedState?:
      | { DynamicScalingInSuspended?: boolean; DynamicScalingOutSuspended?: boolean }
      | undefined;
  }): ScalableTargetRecord {
    const { endpointName, variantName } = this.checkTarget(input);
    const existing = this.targets.get(input.ResourceId);
    const minCapacity = input.MinCapacity ?? existing?.minCapacity;
    const maxCapacity = input.MaxCapacity ?? existing?.maxCapacity;
    if (minCapacity === undefined || maxCapacity === undefined) {
      throw new ValidationException("MinCapacity and MaxCapacity are required for a new scalable target");
    }
    if (minCapacity > maxCapacity) {
      throw new ValidationException(
        `Minimum capacity (${minCapacity}) cannot be greater than maximum capacity (${maxCapacity})`,
      );
    }
    if (!this.variants.hasVariant(endpointName, variantName)) {
      throw new ValidationException(`Unable to find the scalable target's resource: ${input.ResourceId}`);
    }
    const record: ScalableTargetRecord = existing ?? {
      resourceId: input.ResourceId,
      endpointName,
      variantName,
      minCapacity,
      maxCapacity,
      creationTime: Date.now() / 1000,
      suspended: { in: false, out: false },
      datapoints: [],
      busy: false,
    };
    record.minCapacity = minCapacity;
    record.maxCapacity = maxCapacity;
    if (input.SuspendedState) {
      record.suspended = {
        in: input.SuspendedState.DynamicScalingInSuspended ?? record.suspended.in,
        out: input.SuspendedState.DynamicScalingOutSuspended ?? record.suspended.out,
      };
    }
    this.targets.set(input.ResourceId, record);
    return record;
  }

  deregister(input: { ServiceNamespace: string; ResourceId: string; ScalableDimension: string }): void {
    this.checkTarget(input);
    if (!this.targets.delete(input.ResourceId)) {
      throw new ObjectNotFoundException(
        `No scalable target found for service namespace: sagemaker, resource ID: ${input.ResourceId}, scalable dimension: ${SCALABLE_DIMENSION}`,
      );
    }
    for (const [key, policy] of this.policies)
      if (policy.resourceId === input.ResourceId) this.policies.delete(key);
  }

  putPolicy(input: {
    ServiceNamespace: string;
    ResourceId: string;
    ScalableDimension: string;
    PolicyName: string;
    PolicyType?: string | undefined;
    TargetTrackingScalingPolicyConfiguration?: TargetTrackingConfiguration | undefined;
  }): PolicyRecord {
    this.checkTarget(input);
    if (!this.targets.has(input.ResourceId)) {
      throw new ObjectNotFoundException(
        `No scalable target registered for service namespace: sagemaker, resource ID: ${input.ResourceId}, scalable dimension: ${SCALABLE_DIMENSION}`,
      );
    }
    const config = input.TargetTrackingScalingPolicyConfiguration;
    if ((input.PolicyType ?? "StepScaling") !== "TargetTrackingScaling" || !config) {
      throw new ValidationException(
        "The emulator supports PolicyType TargetTrackingScaling with a TargetTrackingScalingPolicyConfiguration only",
      );
    }
    const metric = config.PredefinedMetricSpecification?.PredefinedMetricType;
    if (metric !== PREDEFINED_METRIC) {
      throw new ValidationException(
        `The emulator tracks the predefined metric ${PREDEFINED_METRIC} only (got ${metric ?? "a customized metric"})`,
      );
    }
    if (!(config.TargetValue > 0)) throw new ValidationException("TargetValue must be greater than 0");
    const key = `${input.ResourceId}|${input.PolicyName}`;
    const existing = this.policies.get(key);
    const id = randomUUID();
    const { region, accountId } = this.options;
    const alarm = (kind: string) => {
      const name = `TargetTracking-${input.ResourceId}-${kind}-${randomUUID()}`;
      return { AlarmName: name, AlarmARN: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}` };
    };
    const record: PolicyRecord = {
      arn:
        existing?.arn ??
        `arn:aws:autoscaling:${region}:${accountId}:scalingPolicy:${id}:resource/sagemaker/${input.ResourceId}:policyName/${input.PolicyName}`,
      name: input.PolicyName,
      resourceId: input.ResourceId,
      config,
      alarms: existing?.alarms ?? [alarm("AlarmHigh"), alarm("AlarmLow")],
      creationTime: existing?.creationTime ?? Date.now() / 1000,
    };
    this.policies.set(key, record);
    return record;
  }

  deletePolicy(input: {
    ServiceNamespace: string;
    ResourceId: string;
    ScalableDimension: string;
    PolicyName: string;
  }): void {
    this.checkTarget(input);
    if (!this.policies.delete(`${input.ResourceId}|${input.PolicyName}`)) {
      throw new ObjectNotFoundException(
        `No scaling policy found for service namespace: sagemaker, resource ID: ${input.ResourceId}, scalable dimension: ${SCALABLE_DIMENSION}, policy name: ${input.PolicyName}`,
      );
    }
  }

  serviceLinkedRole(): string {
    return `arn:aws:iam::${this.options.accountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`;
  }

  /** One emulated minute: a datapoint per target, then target tracking. Exposed for the clock and tests. */
  tick(): void {
    for (const target of this.targets.values()) {
      const variant = this.variants.servingVariant(target.endpointName, target.variantName);
      if (!variant) continue;
      const cumulative = variant.invocationsPerInstance;
      target.datapoints.push(cumulative - (target.lastCumulative ?? cumulative));
      target.lastCumulative = cumulative;
      if (target.datapoints.length > LOW_DATAPOINTS) target.datapoints.shift();
      this.evaluate(target, variant.instanceCount);
    }
  }

  private evaluate(target: ScalableTargetRecord, current: number): void {
    if (target.busy || !this.variants.isInService(target.endpointName)) return;
    const policy = [...this.policies.values()].find((p) => p.resourceId === target.resourceId);
    const now = this.emulatedNow();
    const decision = policy
      ? decide({
          datapoints: target.datapoints,
          current,
          min: target.minCapacity,
          max: target.maxCapacity,
          target: policy.config.TargetValue,
          disableScaleIn: policy.config.DisableScaleIn ?? false,
          now,
          ...(target.lastScaleOut === undefined ? {} : { lastScaleOut: target.lastScaleOut }),
          ...(target.lastScaleIn === undefined ? {} : { lastScaleIn: target.lastScaleIn }),
          scaleOutCooldownMs: (policy.config.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS) * 1000,
          scaleInCooldownMs: (policy.config.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS) * 1000,
        })
      : current < target.minCapacity || current > target.maxCapacity
        ? {
            desired: Math.min(target.maxCapacity, Math.max(target.minCapacity, current)),
            alarm: "Capacity" as const,
          }
        : undefined;
    if (!decision || decision.desired === current) return;
    const out = decision.desired > current;
    if ((out && target.suspended.out) || (!out && target.suspended.in)) return;
    const alarmName =
      policy?.alarms.find((a) => a.AlarmName.includes(`-${decision.alarm}-`))?.AlarmName ?? decision.alarm;
    const cause =
      decision.alarm === "Capacity"
        ? `minimum capacity was set to ${target.minCapacity} and maximum capacity to ${target.maxCapacity}`
        : `monitor alarm ${alarmName} in state ALARM triggered policy ${policy!.name}`;
    const activity: ActivityRecord = {
      ActivityId: randomUUID(),
      ServiceNamespace: "sagemaker",
      ResourceId: target.resourceId,
      ScalableDimension: SCALABLE_DIMENSION,
      Description: `Setting desired instance count to ${decision.desired}.`,
      Cause: `At ${new Date().toISOString()} a ${cause} changing the desired capacity from ${current} to ${decision.desired}.`,
      StartTime: Date.now() / 1000,
      StatusCode: "InProgress",
    };
    this.activities.unshift(activity);
    if (this.activities.length > 1000) this.activities.pop();
    this.variants.changedInBackground();
    if (out) target.lastScaleOut = now;
    else target.lastScaleIn = now;
    target.busy = true;
    try {
      const record = this.variants.setDesiredInstanceCount(
        target.endpointName,
        target.variantName,
        decision.desired,
      );
      record.settled.then(() => {
        target.busy = false;
        activity.EndTime = Date.now() / 1000;
        activity.StatusCode = record.failureReason ? "Failed" : "Successful";
        activity.StatusMessage = record.failureReason
          ? `Failed to set desired instance count to ${decision.desired}. Reason: ${record.failureReason}`
          : `Successfully set desired instance count to ${decision.desired}. Change successfully fulfilled by sagemaker.`;
        this.variants.changedInBackground();
      });
    } catch (error) {
      target.busy = false;
      activity.EndTime = Date.now() / 1000;
      activity.StatusCode = "Failed";
      activity.StatusMessage = (error as Error).message;
      this.options.logger.warn({ resourceId: target.resourceId, err: error }, "scaling activity failed");
    }
  }

  private checkTarget(input: { ServiceNamespace: string; ResourceId: string; ScalableDimension: string }) {
    if (input.ServiceNamespace !== "sagemaker") {
      throw new ValidationException(
        `The emulator serves Application Auto Scaling for service namespace sagemaker only (got ${input.ServiceNamespace})`,
      );
    }
    if (input.ScalableDimension !== SCALABLE_DIMENSION) {
      throw new ValidationException(
        `Unsupported scalable dimension ${input.ScalableDimension}; the emulator scales ${SCALABLE_DIMENSION}`,
      );
    }
    const match = RESOURCE_ID.exec(input.ResourceId);
    if (!match) {
      throw new ValidationException(
        `Unsupported resource ID ${input.ResourceId}; expected endpoint/<EndpointName>/variant/<VariantName>`,
      );
    }
    return { endpointName: match[1]!, variantName: match[2]! };
  }
}
