// What of the control plane survives a restart, as plain data: the records clients created (with their
// ARNs and times), each endpoint's status and, per served variant, its instance ids, weights and counts;
// and Application Auto Scaling's targets, policies and activities. The schema checks a state file read
// back at start; the inputs reuse the operations' own schemas.
import { z } from "zod";
import { AutoScalingState } from "../autoscaling/autoscaling-state.js";
import { AlarmRecord } from "../cloudwatch/alarm-state.js";
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

export const PlaneState = z.object({
  version: z.literal(PLANE_STATE_VERSION),
  models: z.array(ModelState),
  endpointConfigs: z.array(EndpointConfigState),
  endpoints: z.array(EndpointState),
  autoscaling: AutoScalingState,
  /** Absent from state files written before inference components. */
  inferenceComponents: z.array(InferenceComponentRecord).default([]),
  /** CloudWatch alarms; absent from state files written before them. */
  alarms: z.array(AlarmRecord).default([]),
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
