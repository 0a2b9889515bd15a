// The Application Auto Scaling inputs the emulator serves (botocore application-autoscaling service-2.json).
import { z } from "zod";

export const SCALABLE_DIMENSION = "sagemaker:variant:DesiredInstanceCount";
export const PREDEFINED_METRIC = "SageMakerVariantInvocationsPerInstance";
export const COMPONENT_SCALABLE_DIMENSION = "sagemaker:inference-component:DesiredCopyCount";
export const COMPONENT_PREDEFINED_METRIC = "SageMakerInferenceComponentInvocationsPerCopy";

const target = {
  ServiceNamespace: z.string(),
  ResourceId: z.string().min(1).max(1600),
  ScalableDimension: z.string(),
};

export const RegisterScalableTargetInput = z.looseObject({
  ...target,
  MinCapacity: z.number().int().min(0).optional(),
  MaxCapacity: z.number().int().min(0).optional(),
  RoleARN: z.string().optional(),
  SuspendedState: z
    .looseObject({
      DynamicScalingInSuspended: z.boolean().optional(),
      DynamicScalingOutSuspended: z.boolean().optional(),
    })
    .optional(),
});

export const TargetInput = z.looseObject(target);

export const DescribeInput = z.looseObject({
  ServiceNamespace: z.string(),
  ResourceIds: z.array(z.string()).optional(),
  ResourceId: z.string().optional(),
  ScalableDimension: z.string().optional(),
  PolicyNames: z.array(z.string()).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NextToken: z.string().optional(),
});
export type DescribeInput = z.infer<typeof DescribeInput>;

export const TargetTrackingConfiguration = z.looseObject({
  TargetValue: z.number(),
  PredefinedMetricSpecification: z
    .looseObject({ PredefinedMetricType: z.string(), ResourceLabel: z.string().optional() })
    .optional(),
  CustomizedMetricSpecification: z.looseObject({}).optional(),
  ScaleOutCooldown: z.number().int().min(0).optional(),
  ScaleInCooldown: z.number().int().min(0).optional(),
  DisableScaleIn: z.boolean().optional(),
});
export type TargetTrackingConfiguration = z.infer<typeof TargetTrackingConfiguration>;

export const StepScalingConfiguration = z.looseObject({
  AdjustmentType: z.enum(["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"]).optional(),
  StepAdjustments: z
    .array(
      z.looseObject({
        MetricIntervalLowerBound: z.number().optional(),
        MetricIntervalUpperBound: z.number().optional(),
        ScalingAdjustment: z.number().int(),
      }),
    )
    .optional(),
  MinAdjustmentMagnitude: z.number().int().optional(),
  Cooldown: z.number().int().min(0).optional(),
  MetricAggregationType: z.enum(["Average", "Minimum", "Maximum"]).optional(),
});
export type StepScalingConfiguration = z.infer<typeof StepScalingConfiguration>;

export const PutScalingPolicyInput = z.looseObject({
  ...target,
  PolicyName: z.string().min(1).max(256),
  PolicyType: z.string().optional(),
  TargetTrackingScalingPolicyConfiguration: TargetTrackingConfiguration.optional(),
  StepScalingPolicyConfiguration: StepScalingConfiguration.optional(),
});

export const DeleteScalingPolicyInput = z.looseObject({ ...target, PolicyName: z.string().min(1) });
