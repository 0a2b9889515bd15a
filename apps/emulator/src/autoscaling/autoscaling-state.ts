// What of Application Auto Scaling survives a restart (kept with the control plane's state): targets,
// policies and activities, as plain data the state file's schema checks.
import { z } from "zod";
import { StepScalingConfiguration, TargetTrackingConfiguration } from "./shapes.js";

const ScalableTargetState = z.object({
  resourceId: z.string(),
  /** A variant's (absent for an inference component's target). */
  endpointName: z.string().optional(),
  variantName: z.string().optional(),
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
  /** Absent from state files written before step scaling. */
  policyType: z.enum(["TargetTrackingScaling", "StepScaling"]).default("TargetTrackingScaling"),
  config: TargetTrackingConfiguration.optional(),
  stepConfig: StepScalingConfiguration.optional(),
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
