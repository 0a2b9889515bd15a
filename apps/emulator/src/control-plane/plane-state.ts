// What of the control plane survives a restart, as plain data: the records clients created (with their
// ARNs and times), each endpoint's status and, per served variant, its instance ids, weights and counts;
// and Application Auto Scaling's targets, policies and activities. The schema checks a state file read
// back at start; the inputs reuse the operations' own schemas.
import { z } from "zod";
import { TargetTrackingConfiguration } from "../autoscaling/shapes.js";
import { InferenceComponentRecord } from "./inference-components/records.js";
import type { EndpointRecord } from "./records.js";
import { CreateEndpointConfigInput, CreateModelInput } from "./shapes.js";

export const PLANE_STATE_VERSION = 1;

const ModelState = z.object({ arn: z.string(), input: CreateModelInput, creationTime: z.number() });
const EndpointConfigState = z.object({
  arn: z.string(),
  input: CreateEndpointConfigInput,
  creationTime: z.number(),
});

const VariantState = z.object({
  variantName: z.string(),
  instanceIds: z.array(z.string()),
  currentWeight: z.number(),
  desiredWeight: z.number(),
  desiredInstanceCount: z.number().int().min(0),
});
export type VariantState = z.infer<typeof VariantState>;

const EndpointState = z.object({
  name: z.string(),
  arn: z.string(),
  configName: z.string(),
  config: EndpointConfigState,
  /** Empty for an inference-component endpoint. */
  variantModels: z.array(ModelState),
  status: z.enum(["Creating", "InService", "Updating", "Failed"]),
  failureReason: z.string().optional(),
  creationTime: z.number(),
  lastModifiedTime: z.number(),
  pending: z
    .object({ configName: z.string(), config: EndpointConfigState, startTime: z.number() })
    .optional(),
  variants: z.array(VariantState).optional(),
});
export type EndpointState = z.infer<typeof EndpointState>;

const ScalableTargetState = z.object({
  resourceId: z.string(),
  endpointName: z.string(),
  variantName: z.string(),
  minCapacity: z.number(),
  maxCapacity: z.number(),
  creationTime: z.number(),
  suspended: z.object({ in: z.boolean(), out: z.boolean() }),
});
export type ScalableTargetState = z.infer<typeof ScalableTargetState>;

const PolicyState = z.object({
  arn: z.string(),
  name: z.string(),
  resourceId: z.string(),
  config: TargetTrackingConfiguration,
  alarms: z.array(z.object({ AlarmName: z.string(), AlarmARN: z.string() })),
  creationTime: z.number(),
});

const ActivityState = z.object({
  ActivityId: z.string(),
  ServiceNamespace: z.literal("sagemaker"),
  ResourceId: z.string(),
  ScalableDimension: z.string(),
  Description: z.string(),
  Cause: z.string(),
  StartTime: z.number(),
  EndTime: z.number().optional(),
  StatusCode: z.enum(["InProgress", "Successful", "Failed"]),
  StatusMessage: z.string().optional(),
});

export const AutoScalingState = z.object({
  targets: z.array(ScalableTargetState),
  policies: z.array(PolicyState),
  activities: z.array(ActivityState),
});
export type AutoScalingState = z.infer<typeof AutoScalingState>;

export const PlaneState = z.object({
  version: z.literal(PLANE_STATE_VERSION),
  models: z.array(ModelState),
  endpointConfigs: z.array(EndpointConfigState),
  endpoints: z.array(EndpointState),
  autoscaling: AutoScalingState,
  /** Absent from state files written before inference components. */
  inferenceComponents: z.array(InferenceComponentRecord).default([]),
});
export type PlaneState = z.infer<typeof PlaneState>;

/** An endpoint as it is kept: what DescribeEndpoint shows, and the instances behind it. */
export function endpointState(record: EndpointRecord): EndpointState | undefined {
  if (record.status === "Deleting") return undefined;
  return {
    name: record.name,
    arn: record.arn,
    configName: record.configName,
    config: record.config,
    variantModels: record.variantModels,
    status: record.status,
    ...(record.failureReason === undefined ? {} : { failureReason: record.failureReason }),
    creationTime: record.creationTime,
    lastModifiedTime: record.lastModifiedTime,
    ...(record.pending === undefined
      ? {}
      : {
          pending: {
            configName: record.pending.configName,
            config: record.pending.config,
            startTime: record.pending.startTime,
          },
        }),
    ...(record.variants === undefined
      ? {}
      : {
          variants: record.variants.map((variant) => ({
            variantName: variant.spec.variantName,
            instanceIds: variant.fleet.instances.map((instance) => instance.id),
            currentWeight: variant.currentWeight,
            desiredWeight: variant.desiredWeight,
            desiredInstanceCount: variant.desiredInstanceCount,
          })),
        }),
  };
}
