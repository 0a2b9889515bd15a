// Application Auto Scaling for the emulator's endpoint variants and inference components: scalable
// targets, target-tracking policies (SageMakerVariantInvocationsPerInstance,
// SageMakerInferenceComponentInvocationsPerCopy), step policies run by CloudWatch alarms, and scaling
// activities. Once a (time-scaled) minute it reads each target's per-capacity invocations for that
// minute, decides as target tracking does (target-tracking.ts) and changes the instance count
// (UpdateEndpointWeightsAndCapacities) or the copy count (UpdateInferenceComponentRuntimeConfig).
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { ObjectNotFoundException } from "../wire/errors/application-auto-scaling.js";
import { ValidationException } from "../wire/errors/sagemaker.js";
import type { AutoScalingState } from "./autoscaling-state.js";
import { NO_SCALABLE_COMPONENTS, type ScalableComponents } from "./scalable-components.js";
import {
  kindOf,
  type ParsedResource,
  parseResource,
  type ScaledResource,
  scaledResource,
} from "./scalable-resource.js";
import type { ScalableVariants } from "./scalable-variants.js";
import type { StepScalingConfiguration, TargetTrackingConfiguration } from "./shapes.js";
import { stepCapacity } from "./step-scaling.js";
import { DEFAULT_COOLDOWN_SECONDS, decide, LOW_DATAPOINTS } from "./target-tracking.js";

export interface AutoScalingOptions {
  region: string;
  accountId: string;
  /** Emulated seconds per real second: 60 makes a minute last one second (default 1). */
  timeScale?: number;
  logger: Logger;
  /** The inference components it may scale (none when not given). */
  components?: ScalableComponents;
  /** The CloudWatch alarms whose AlarmActions name a policy's ARN (a step policy's Alarms). */
  alarmsNaming?: (policyArn: string) => { AlarmName: string; AlarmARN: string }[];
}

/** A CloudWatch alarm in ALARM naming a policy's ARN in its AlarmActions. */
export interface AlarmTrigger {
  alarmName: string;
  /** The datapoint that breached, and the alarm's threshold. */
  value: number;
  threshold: number;
}

export interface ScalableTargetRecord {
  resourceId: string;
  /** A variant's; absent for an inference component. */
  endpointName?: string | undefined;
  variantName?: string | undefined;
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
  policyType: "TargetTrackingScaling" | "StepScaling";
  /** A target-tracking policy's configuration (absent for a step policy). */
  config?: TargetTrackingConfiguration | undefined;
  stepConfig?: StepScalingConfiguration | undefined;
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

export class ApplicationAutoScaling {
  readonly targets = new Map<string, ScalableTargetRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  /** Newest first. */
  readonly activities: ActivityRecord[] = [];
  readonly #timeScale: number;
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;

  readonly #components: ScalableComponents;

  constructor(
    private readonly variants: ScalableVariants,
    private readonly options: AutoScalingOptions,
  ) {
    this.#components = options.components ?? NO_SCALABLE_COMPONENTS;
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
        ...(t.endpointName === undefined ? {} : { endpointName: t.endpointName, variantName: t.variantName }),
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
    for (const policy of state.policies)
      this.policies.set(`${policy.resourceId}|${policy.name}`, { ...policy });
    for (const activity of state.activities) {
      if (activity.StatusCode === "InProgress") {
        activity.StatusCode = "Successful";
        activity.EndTime = Date.now() / 1000;
        activity.StatusMessage = `Successfully set desired ${kindOf(activity.ResourceId).unit} count. Change successfully fulfilled by sagemaker.`;
      }
      this.activities.push(activity);
    }
  }

  /** A policy's alarms: the two target tracking made, or the user's alarms that name a step policy. */
  policyAlarms(policy: PolicyRecord): { AlarmName: string; AlarmARN: string }[] {
    return policy.policyType === "StepScaling"
      ? (this.options.alarmsNaming?.(policy.arn) ?? [])
      : policy.alarms;
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
    const parsed = parseResource(input);
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
    if (!this.resource(parsed).exists()) {
      throw new ValidationException(`Unable to find the scalable target's resource: ${input.ResourceId}`);
    }
    const record: ScalableTargetRecord = existing ?? {
      resourceId: input.ResourceId,
      endpointName: parsed.endpointName,
      variantName: parsed.variantName,
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
    parseResource(input);
    if (!this.targets.delete(input.ResourceId)) {
      throw new ObjectNotFoundException(
        `No scalable target found for service namespace: sagemaker, resource ID: ${input.ResourceId}, scalable dimension: ${input.ScalableDimension}`,
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
    StepScalingPolicyConfiguration?: StepScalingConfiguration | undefined;
  }): PolicyRecord {
    const parsed = parseResource(input);
    if (!this.targets.has(input.ResourceId)) {
      throw new ObjectNotFoundException(
        `No scalable target registered for service namespace: sagemaker, resource ID: ${input.ResourceId}, scalable dimension: ${input.ScalableDimension}`,
      );
    }
    const policyType = input.PolicyType ?? "StepScaling";
    if (policyType === "StepScaling") return this.putStepPolicy(input, input.StepScalingPolicyConfiguration);
    const config = input.TargetTrackingScalingPolicyConfiguration;
    if (policyType !== "TargetTrackingScaling" || !config) {
      throw new ValidationException(
        "The emulator supports PolicyType TargetTrackingScaling with a TargetTrackingScalingPolicyConfiguration, or StepScaling with a StepScalingPolicyConfiguration",
      );
    }
    const metric = config.PredefinedMetricSpecification?.PredefinedMetricType;
    if (metric !== parsed.kind.predefinedMetric) {
      throw new ValidationException(
        `The emulator tracks the predefined metric ${parsed.kind.predefinedMetric} for ${parsed.kind.dimension} only (got ${metric ?? "a customized metric"})`,
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
      policyType: "TargetTrackingScaling",
      config,
      alarms:
        existing?.policyType === "TargetTrackingScaling"
          ? existing.alarms
          : [alarm("AlarmHigh"), alarm("AlarmLow")],
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
    parseResource(input);
    if (!this.policies.delete(`${input.ResourceId}|${input.PolicyName}`)) {
      throw new ObjectNotFoundException(
        `No scaling policy found for service namespace: sagemaker, resource ID: ${input.ResourceId}, scalable dimension: ${input.ScalableDimension}, policy name: ${input.PolicyName}`,
      );
    }
  }

  serviceLinkedRole(): string {
    return `arn:aws:iam::${this.options.accountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`;
  }

  /** One emulated minute: a datapoint per target, then target tracking. Exposed for the clock and tests. */
  tick(): void {
    for (const target of this.targets.values()) {
      const resource = this.targetResource(target);
      const serving = resource.serving();
      if (!serving) continue;
      const { cumulative } = serving;
      target.datapoints.push(cumulative - (target.lastCumulative ?? cumulative));
      target.lastCumulative = cumulative;
      if (target.datapoints.length > LOW_DATAPOINTS) target.datapoints.shift();
      this.evaluate(target, resource, serving.capacity);
    }
  }

  /**
   * An alarm naming a policy's ARN is in ALARM (on its transition and at each evaluation while it stays
   * there, as CloudWatch invokes Auto Scaling actions): a step policy scales; returns whether the ARN
   * names a policy here.
   */
  runAlarmAction(policyArn: string, trigger: AlarmTrigger): boolean {
    const policy = [...this.policies.values()].find((p) => p.arn === policyArn);
    if (!policy) return false;
    const target = this.targets.get(policy.resourceId);
    if (policy.policyType !== "StepScaling" || !policy.stepConfig || !target || target.busy) return true;
    const resource = this.targetResource(target);
    const serving = resource.serving();
    if (!serving || !resource.inService()) return true;
    const current = serving.capacity;
    const desired = stepCapacity({
      config: policy.stepConfig,
      breach: trigger.value - trigger.threshold,
      current,
      min: target.minCapacity,
      max: target.maxCapacity,
    });
    if (desired === undefined || desired === current) return true;
    const out = desired > current;
    if ((out && target.suspended.out) || (!out && target.suspended.in)) return true;
    const now = this.emulatedNow();
    const cooldownMs = (policy.stepConfig.Cooldown ?? 0) * 1000;
    const last = out ? target.lastScaleOut : target.lastScaleIn;
    if (last !== undefined && now < last + cooldownMs) return true;
    this.startActivity(
      target,
      resource,
      current,
      desired,
      `monitor alarm ${trigger.alarmName} in state ALARM triggered policy ${policy.name}`,
    );
    return true;
  }

  private evaluate(target: ScalableTargetRecord, resource: ScaledResource, current: number): void {
    if (target.busy || !resource.inService()) return;
    const policy = [...this.policies.values()].find(
      (p) => p.resourceId === target.resourceId && p.policyType === "TargetTrackingScaling",
    );
    const config = policy?.config;
    const now = this.emulatedNow();
    const decision = config
      ? decide({
          datapoints: target.datapoints,
          current,
          min: target.minCapacity,
          max: target.maxCapacity,
          target: config.TargetValue,
          disableScaleIn: config.DisableScaleIn ?? false,
          now,
          ...(target.lastScaleOut === undefined ? {} : { lastScaleOut: target.lastScaleOut }),
          ...(target.lastScaleIn === undefined ? {} : { lastScaleIn: target.lastScaleIn }),
          scaleOutCooldownMs: (config.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS) * 1000,
          scaleInCooldownMs: (config.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS) * 1000,
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
    this.startActivity(target, resource, current, decision.desired, cause);
  }

  /** Records a scaling activity and changes the capacity; the activity ends once the change settled. */
  private startActivity(
    target: ScalableTargetRecord,
    resource: ScaledResource,
    current: number,
    desired: number,
    cause: string,
  ): void {
    const out = desired > current;
    const now = this.emulatedNow();
    const { unit, dimension } = kindOf(target.resourceId);
    const activity: ActivityRecord = {
      ActivityId: randomUUID(),
      ServiceNamespace: "sagemaker",
      ResourceId: target.resourceId,
      ScalableDimension: dimension,
      Description: `Setting desired ${unit} count to ${desired}.`,
      Cause: `At ${new Date().toISOString()} a ${cause} changing the desired capacity from ${current} to ${desired}.`,
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
      const record = resource.setCapacity(desired);
      record.settled.then(() => {
        target.busy = false;
        activity.EndTime = Date.now() / 1000;
        activity.StatusCode = record.failureReason ? "Failed" : "Successful";
        activity.StatusMessage = record.failureReason
          ? `Failed to set desired ${unit} count to ${desired}. Reason: ${record.failureReason}`
          : `Successfully set desired ${unit} count to ${desired}. Change successfully fulfilled by sagemaker.`;
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

  private putStepPolicy(
    input: { ResourceId: string; PolicyName: string },
    config: StepScalingConfiguration | undefined,
  ): PolicyRecord {
    if (!config?.StepAdjustments?.length) {
      throw new ValidationException(
        "StepScalingPolicyConfiguration with at least one StepAdjustment is required",
      );
    }
    if (config.AdjustmentType === undefined) {
      throw new ValidationException("StepScalingPolicyConfiguration.AdjustmentType is required");
    }
    const key = `${input.ResourceId}|${input.PolicyName}`;
    const existing = this.policies.get(key);
    const { region, accountId } = this.options;
    const record: PolicyRecord = {
      arn:
        existing?.arn ??
        `arn:aws:autoscaling:${region}:${accountId}:scalingPolicy:${randomUUID()}:resource/sagemaker/${input.ResourceId}:policyName/${input.PolicyName}`,
      name: input.PolicyName,
      resourceId: input.ResourceId,
      policyType: "StepScaling",
      stepConfig: config,
      // A step policy's alarms are the user's own (PutMetricAlarm naming its ARN).
      alarms: [],
      creationTime: existing?.creationTime ?? Date.now() / 1000,
    };
    this.policies.set(key, record);
    return record;
  }

  private resource(parsed: ParsedResource): ScaledResource {
    return scaledResource(parsed, this.variants, this.#components);
  }

  private targetResource(target: ScalableTargetRecord): ScaledResource {
    return this.resource(
      parseResource({
        ServiceNamespace: "sagemaker",
        ResourceId: target.resourceId,
        ScalableDimension: kindOf(target.resourceId).dimension,
      }),
    );
  }
}
