// Application Auto Scaling for an endpoint variant, as SageMaker documents it: a scalable target on
// `sagemaker:variant:DesiredInstanceCount` of `endpoint/<name>/variant/<variant>`, and a target-tracking
// policy on the predefined metric SageMakerVariantInvocationsPerInstance (invocations per instance per
// minute, over all models of an MME).
import {
  type ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { callAws } from "../aws/call-aws.js";
import { UsageError } from "../errors/index.js";

export const SCALABLE_DIMENSION = "sagemaker:variant:DesiredInstanceCount";
export const INVOCATIONS_METRIC = "SageMakerVariantInvocationsPerInstance";

export interface VariantRef {
  endpointName: string;
  variantName: string;
}

export interface AutoscalingInput extends VariantRef {
  minCapacity: number;
  maxCapacity: number;
  /** Target invocations per instance per minute. */
  targetInvocations: number;
  /** Seconds; Application Auto Scaling's default (300) when unset. */
  scaleInCooldown?: number;
  scaleOutCooldown?: number;
}

export interface AutoscalingDescription {
  resourceId: string;
  minCapacity: number;
  maxCapacity: number;
  policy?: {
    policyName: string;
    targetInvocations?: number;
    scaleInCooldown?: number;
    scaleOutCooldown?: number;
  };
  activities: { startTime?: string; statusCode?: string; description?: string; cause?: string }[];
}

export function variantResourceId({ endpointName, variantName }: VariantRef): string {
  return `endpoint/${endpointName}/variant/${variantName}`;
}

export function scalingPolicyName(ref: VariantRef): string {
  return `mme-invocations-${ref.endpointName}-${ref.variantName}`;
}

/** RegisterScalableTarget + PutScalingPolicy (TargetTrackingScaling). Returns the policy ARN. */
export async function configureAutoscaling(
  client: ApplicationAutoScalingClient,
  input: AutoscalingInput,
): Promise<{ resourceId: string; policyName: string; policyArn: string }> {
  if (input.minCapacity > input.maxCapacity) {
    throw new UsageError(`--min (${input.minCapacity}) must not exceed --max (${input.maxCapacity})`);
  }
  const target = {
    ServiceNamespace: "sagemaker" as const,
    ResourceId: variantResourceId(input),
    ScalableDimension: SCALABLE_DIMENSION as never,
  };
  await callAws(client, "RegisterScalableTarget", () =>
    client.send(
      new RegisterScalableTargetCommand({
        ...target,
        MinCapacity: input.minCapacity,
        MaxCapacity: input.maxCapacity,
      }),
    ),
  );
  const policyName = scalingPolicyName(input);
  const policy = await callAws(client, "PutScalingPolicy", () =>
    client.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: policyName,
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: input.targetInvocations,
          PredefinedMetricSpecification: { PredefinedMetricType: INVOCATIONS_METRIC as never },
          ...(input.scaleInCooldown === undefined ? {} : { ScaleInCooldown: input.scaleInCooldown }),
          ...(input.scaleOutCooldown === undefined ? {} : { ScaleOutCooldown: input.scaleOutCooldown }),
        },
      }),
    ),
  );
  return { resourceId: target.ResourceId, policyName, policyArn: policy.PolicyARN ?? "" };
}

/** Deletes the variant's scaling policies and deregisters its target; false when none was registered. */
export async function disableAutoscaling(
  client: ApplicationAutoScalingClient,
  ref: VariantRef,
): Promise<boolean> {
  const current = await describeAutoscaling(client, ref);
  if (!current) return false;
  const target = {
    ServiceNamespace: "sagemaker" as const,
    ResourceId: variantResourceId(ref),
    ScalableDimension: SCALABLE_DIMENSION as never,
  };
  const policies = await callAws(client, "DescribeScalingPolicies", () =>
    client.send(new DescribeScalingPoliciesCommand({ ...target })),
  );
  for (const policy of policies.ScalingPolicies ?? []) {
    await callAws(client, "DeleteScalingPolicy", () =>
      client.send(new DeleteScalingPolicyCommand({ ...target, PolicyName: policy.PolicyName })),
    );
  }
  await callAws(client, "DeregisterScalableTarget", () =>
    client.send(new DeregisterScalableTargetCommand(target)),
  );
  return true;
}

/** The variant's scalable target, its target-tracking policy and recent activities; undefined when not registered. */
export async function describeAutoscaling(
  client: ApplicationAutoScalingClient,
  ref: VariantRef,
): Promise<AutoscalingDescription | undefined> {
  const resourceId = variantResourceId(ref);
  const targets = await callAws(client, "DescribeScalableTargets", () =>
    client.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: "sagemaker",
        ResourceIds: [resourceId],
        ScalableDimension: SCALABLE_DIMENSION as never,
      }),
    ),
  );
  const target = targets.ScalableTargets?.find((t) => t.ResourceId === resourceId);
  if (!target) return undefined;
  const policies = await callAws(client, "DescribeScalingPolicies", () =>
    client.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: SCALABLE_DIMENSION as never,
      }),
    ),
  );
  // Not every peer serves this one (moto's server does not): a status without history is still a status.
  const activities = await client
    .send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: SCALABLE_DIMENSION as never,
      }),
    )
    .catch(() => ({ ScalingActivities: [] }));
  const policy = policies.ScalingPolicies?.find((p) => p.PolicyType === "TargetTrackingScaling");
  const config = policy?.TargetTrackingScalingPolicyConfiguration;
  return {
    resourceId,
    minCapacity: target.MinCapacity ?? 0,
    maxCapacity: target.MaxCapacity ?? 0,
    ...(policy
      ? {
          policy: {
            policyName: policy.PolicyName ?? "",
            targetInvocations: config?.TargetValue,
            scaleInCooldown: config?.ScaleInCooldown,
            scaleOutCooldown: config?.ScaleOutCooldown,
          },
        }
      : {}),
    activities: (activities.ScalingActivities ?? []).slice(0, 10).map((a) => ({
      startTime: a.StartTime?.toISOString(),
      statusCode: a.StatusCode,
      description: a.Description,
      cause: a.Cause,
    })),
  };
}
