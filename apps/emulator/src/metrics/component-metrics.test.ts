// The inference components' metrics, driven through the ComponentActivity the runtime calls, read back
// with GetMetricData's own code: the names, namespaces, dimension and units SageMaker publishes.
import { describe, expect, it } from "vitest";
import { getMetricData, listMetrics } from "../cloudwatch/metric-queries.js";
import { ComponentGauges } from "./component-gauges.js";
import { ComponentMetrics } from "./component-metrics.js";
import { MetricStore } from "./metric-store.js";

const IC = { endpointName: "ep", variantName: "AllTraffic", componentName: "ic-a" };

function sums(store: MetricStore, namespace: string, names: string[]): Record<string, number> {
  const now = store.now();
  const result = getMetricData(store, {
    StartTime: (now - 120_000) / 1000,
    EndTime: (now + 60_000) / 1000,
    MetricDataQueries: names.map((name, i) => ({
      Id: `m${i}`,
      MetricStat: {
        Metric: {
          Namespace: namespace,
          MetricName: name,
          Dimensions: [{ Name: "InferenceComponentName", Value: "ic-a" }],
        },
        Period: 60,
        Stat: "Sum",
      },
    })),
  }) as { MetricDataResults: { Id: string; Values: number[] }[] };
  return Object.fromEntries(
    result.MetricDataResults.map((r) => [names[Number(r.Id.slice(1))]!, r.Values.reduce((a, b) => a + b, 0)]),
  );
}

describe("ComponentMetrics", () => {
  it("publishes the per-component invocation metrics in AWS/SageMaker by InferenceComponentName", () => {
    const store = new MetricStore();
    const metrics = new ComponentMetrics(store);
    const call = { ...IC, copyCount: 2, modelLatencyMs: 1.5, overheadLatencyMs: 0.25 };
    metrics.invoked({ ...call, outcome: "ok" });
    metrics.invoked({ ...call, outcome: "ok" });
    metrics.invoked({ ...call, outcome: "4xx" });
    metrics.invoked({ ...call, copyCount: 1, outcome: "5xx" });
    metrics.noCapacity(IC);
    metrics.noCapacity(IC);

    expect(
      sums(store, "AWS/SageMaker", [
        "Invocations",
        "InvocationsPerCopy",
        "Invocation4XXErrors",
        "Invocation5XXErrors",
        "ModelLatency",
        "OverheadLatency",
        "NoCapacityInvocationFailures",
      ]),
    ).toEqual({
      Invocations: 4,
      InvocationsPerCopy: 2.5,
      Invocation4XXErrors: 1,
      Invocation5XXErrors: 1,
      ModelLatency: 6000,
      OverheadLatency: 1000,
      NoCapacityInvocationFailures: 2,
    });
    expect(metrics.invocationsPerCopy("ic-a")).toBe(2.5);
    expect(metrics.invocationsPerCopy("never-invoked")).toBe(0);
    const latency = store.find("AWS/SageMaker", "ModelLatency", [
      { Name: "InferenceComponentName", Value: "ic-a" },
    ]);
    expect(latency?.unit).toBe("Microseconds");
  });

  it("samples per-copy utilization into /aws/sagemaker/InferenceComponents for components with copies", () => {
    const store = new MetricStore();
    const gauges = new ComponentGauges(new ComponentMetrics(store), () => [
      { componentName: "ic-a", copyCount: 2, cpuCores: 1, memoryMb: 1024 },
      { componentName: "ic-zero", copyCount: 0, cpuCores: 1, memoryMb: 1024 },
    ]);
    gauges.sample();
    const listed = listMetrics(store, { Namespace: "/aws/sagemaker/InferenceComponents" });
    expect(listed.Metrics.map((m) => `${m.MetricName} ${m.Dimensions[0]!.Value}`).sort()).toEqual([
      "CPUUtilizationNormalized ic-a",
      "MemoryUtilizationNormalized ic-a",
    ]);
    const memory = sums(store, "/aws/sagemaker/InferenceComponents", ["MemoryUtilizationNormalized"]);
    expect(memory.MemoryUtilizationNormalized).toBeGreaterThan(0);
    expect(memory.MemoryUtilizationNormalized).toBeLessThanOrEqual(100);
  });
});
