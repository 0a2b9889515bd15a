// The real ComponentActivity sink: the per-component metrics SageMaker publishes for inference
// components. AWS/SageMaker, dimension InferenceComponentName: Invocations, InvocationsPerCopy (1/copies
// per request), Invocation4XXErrors, Invocation5XXErrors, ModelLatency, OverheadLatency and
// NoCapacityInvocationFailures (a request that found no copy: what scale-from-zero alarms on).
// /aws/sagemaker/InferenceComponents, same dimension: CPUUtilizationNormalized and
// MemoryUtilizationNormalized per copy, sampled (component-gauges.ts). It also keeps each component's
// cumulative InvocationsPerCopy, which Application Auto Scaling's target tracking reads once a minute.

import { SAGEMAKER_NAMESPACE } from "./cloudwatch-names.js";
import type { ComponentActivity, ComponentInvocation, ComponentRef } from "./component-activity.js";
import type { ComponentPrometheus } from "./component-prometheus.js";
import type { Dimension, MetricStore, MetricUnit } from "./metric-store.js";

export const COMPONENTS_NAMESPACE = "/aws/sagemaker/InferenceComponents";

export const COMPONENT_METRIC_UNITS = {
  Invocations: "None",
  InvocationsPerCopy: "None",
  Invocation4XXErrors: "None",
  Invocation5XXErrors: "None",
  ModelLatency: "Microseconds",
  OverheadLatency: "Microseconds",
  NoCapacityInvocationFailures: "None",
  CPUUtilizationNormalized: "Percent",
  MemoryUtilizationNormalized: "Percent",
} as const satisfies Record<string, MetricUnit>;

export type ComponentMetric = keyof typeof COMPONENT_METRIC_UNITS;

export function componentDimensions(componentName: string): Dimension[] {
  return [{ Name: "InferenceComponentName", Value: componentName }];
}

export class ComponentMetrics implements ComponentActivity {
  /** Component name → InvocationsPerCopy summed since start. */
  readonly #perCopy = new Map<string, number>();

  constructor(
    private readonly store: MetricStore,
    /** The same counts on GET /metrics, when the emulator serves it. */
    private readonly prometheus?: ComponentPrometheus,
  ) {}

  invoked(invocation: ComponentInvocation): void {
    this.prometheus?.invoked(invocation);
    const at = this.store.now();
    const put = (metric: ComponentMetric, value: number) =>
      this.put(invocation.componentName, metric, value, at);
    put("Invocations", 1);
    if (invocation.copyCount > 0) {
      const perCopy = 1 / invocation.copyCount;
      put("InvocationsPerCopy", perCopy);
      this.#perCopy.set(
        invocation.componentName,
        this.invocationsPerCopy(invocation.componentName) + perCopy,
      );
    }
    put("Invocation4XXErrors", invocation.outcome === "4xx" ? 1 : 0);
    put("Invocation5XXErrors", invocation.outcome === "5xx" ? 1 : 0);
    put("ModelLatency", Math.round(invocation.modelLatencyMs * 1000));
    put("OverheadLatency", Math.round(invocation.overheadLatencyMs * 1000));
  }

  noCapacity(component: ComponentRef): void {
    this.prometheus?.noCapacity(component);
    this.put(component.componentName, "NoCapacityInvocationFailures", 1);
  }

  /** InvocationsPerCopy summed since start (0 for a component never invoked). */
  invocationsPerCopy(componentName: string): number {
    return this.#perCopy.get(componentName) ?? 0;
  }

  /** One utilization sample of a component's copies (the same figure for each copy). */
  sampleUtilization(componentName: string, cpuPercent: number, memoryPercent: number): void {
    this.put(componentName, "CPUUtilizationNormalized", cpuPercent);
    this.put(componentName, "MemoryUtilizationNormalized", memoryPercent);
  }

  private put(componentName: string, metric: ComponentMetric, value: number, at?: number): void {
    const namespace = metric.endsWith("Normalized") ? COMPONENTS_NAMESPACE : SAGEMAKER_NAMESPACE;
    this.store.put(
      namespace,
      metric,
      componentDimensions(componentName),
      COMPONENT_METRIC_UNITS[metric],
      value,
      at,
    );
  }
}
