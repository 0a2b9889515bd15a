// AnyScaleFrontendService.<Operation> handlers: parse the awsJson1_1 input, act, shape the output.
import { parseInput } from "../wire/parse-input.js";
import type { ApplicationAutoScaling } from "./application-auto-scaling.js";
import { kindOf } from "./scalable-resource.js";
import {
  DeleteScalingPolicyInput,
  DescribeInput,
  PutScalingPolicyInput,
  RegisterScalableTargetInput,
  TargetInput,
} from "./shapes.js";

export type AutoScalingOperation = (
  service: ApplicationAutoScaling,
  input: unknown,
) => Record<string, unknown>;

export const AUTOSCALING_OPERATIONS: Record<string, AutoScalingOperation> = {
  RegisterScalableTarget: (service, input) => {
    const target = service.register(parseInput(RegisterScalableTargetInput, input));
    return { ScalableTargetARN: targetArn(service, target.resourceId) };
  },
  DeregisterScalableTarget: (service, input) => {
    service.deregister(parseInput(TargetInput, input));
    return {};
  },
  DescribeScalableTargets: (service, input) => {
    const query = parseInput(DescribeInput, input);
    const targets = [...service.targets.values()].filter(
      (t) =>
        matches(query, t.resourceId) &&
        (!query.ResourceIds?.length || query.ResourceIds.includes(t.resourceId)),
    );
    return {
      ScalableTargets: targets.map((t) => ({
        ServiceNamespace: "sagemaker",
        ResourceId: t.resourceId,
        ScalableDimension: kindOf(t.resourceId).dimension,
        MinCapacity: t.minCapacity,
        MaxCapacity: t.maxCapacity,
        RoleARN: service.serviceLinkedRole(),
        CreationTime: t.creationTime,
        SuspendedState: {
          DynamicScalingInSuspended: t.suspended.in,
          DynamicScalingOutSuspended: t.suspended.out,
          ScheduledScalingSuspended: false,
        },
        ScalableTargetARN: targetArn(service, t.resourceId),
      })),
    };
  },
  PutScalingPolicy: (service, input) => {
    const policy = service.putPolicy(parseInput(PutScalingPolicyInput, input));
    return { PolicyARN: policy.arn, Alarms: policy.alarms };
  },
  DescribeScalingPolicies: (service, input) => {
    const query = parseInput(DescribeInput, input);
    const policies = [...service.policies.values()].filter(
      (p) =>
        matches(query, p.resourceId) &&
        (query.ResourceId === undefined || p.resourceId === query.ResourceId) &&
        (!query.PolicyNames?.length || query.PolicyNames.includes(p.name)),
    );
    return {
      ScalingPolicies: policies.map((p) => ({
        PolicyARN: p.arn,
        PolicyName: p.name,
        ServiceNamespace: "sagemaker",
        ResourceId: p.resourceId,
        ScalableDimension: kindOf(p.resourceId).dimension,
        PolicyType: p.policyType,
        ...(p.config ? { TargetTrackingScalingPolicyConfiguration: p.config } : {}),
        ...(p.stepConfig ? { StepScalingPolicyConfiguration: p.stepConfig } : {}),
        Alarms: service.policyAlarms(p),
        CreationTime: p.creationTime,
      })),
    };
  },
  DeleteScalingPolicy: (service, input) => {
    service.deletePolicy(parseInput(DeleteScalingPolicyInput, input));
    return {};
  },
  DescribeScalingActivities: (service, input) => {
    const query = parseInput(DescribeInput, input);
    const activities = service.activities.filter(
      (a) =>
        matches(query, a.ResourceId) && (query.ResourceId === undefined || a.ResourceId === query.ResourceId),
    );
    return { ScalingActivities: activities.slice(0, query.MaxResults ?? 50) };
  },
};

/** In the namespace asked, and of the dimension asked when one is. */
function matches(query: DescribeInput, resourceId: string): boolean {
  return (
    query.ServiceNamespace === "sagemaker" &&
    (query.ScalableDimension === undefined || query.ScalableDimension === kindOf(resourceId).dimension)
  );
}

function targetArn(service: ApplicationAutoScaling, resourceId: string): string {
  return `arn:aws:application-autoscaling:${service.region}:${service.accountId}:scalable-target/${Buffer.from(resourceId).toString("hex").slice(0, 32)}`;
}
