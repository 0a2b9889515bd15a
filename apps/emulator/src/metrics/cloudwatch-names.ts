// The metric names, units, namespaces and dimensions SageMaker publishes for multi-model endpoints
// (its docs give the invocation counts as "Units: None", times in microseconds, utilization in percent).
import type { Dimension, MetricUnit } from "./metric-store.js";

export const SAGEMAKER_NAMESPACE = "AWS/SageMaker";
export const ENDPOINTS_NAMESPACE = "/aws/sagemaker/Endpoints";

export const METRIC_UNITS = {
  Invocations: "None",
  Invocation4XXErrors: "None",
  Invocation5XXErrors: "None",
  InvocationModelErrors: "None",
  InvocationsPerInstance: "None",
  ModelLatency: "Microseconds",
  OverheadLatency: "Microseconds",
  ModelLoadingWaitTime: "Microseconds",
  ModelDownloadingTime: "Microseconds",
  ModelLoadingTime: "Microseconds",
  ModelUnloadingTime: "Microseconds",
  ModelCacheHit: "None",
  LoadedModelCount: "None",
  CPUUtilization: "Percent",
  MemoryUtilization: "Percent",
  DiskUtilization: "Percent",
} as const satisfies Record<string, MetricUnit>;

export type SageMakerMetric = keyof typeof METRIC_UNITS;

const INSTANCE_METRICS = new Set<SageMakerMetric>([
  "LoadedModelCount",
  "CPUUtilization",
  "MemoryUtilization",
  "DiskUtilization",
]);

export function namespaceOf(metric: SageMakerMetric): string {
  return INSTANCE_METRICS.has(metric) ? ENDPOINTS_NAMESPACE : SAGEMAKER_NAMESPACE;
}

export function endpointDimensions(endpointName: string, variantName: string): Dimension[] {
  return [
    { Name: "EndpointName", Value: endpointName },
    { Name: "VariantName", Value: variantName },
  ];
}
