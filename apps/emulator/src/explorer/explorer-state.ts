// What the explorer shows: every endpoint with its tiers and its models in LRU order (most recently
// used first: the last row is the next to evict), and the hit ratio / load wait series for the last
// hour, read from the same store as GetMetricData.
import { getMetricData } from "../cloudwatch/metric-queries.js";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { ENDPOINTS_NAMESPACE, endpointDimensions, SAGEMAKER_NAMESPACE } from "../metrics/cloudwatch-names.js";
import type { MetricStore } from "../metrics/metric-store.js";
import { endpointStatuses } from "../status/endpoint-status.js";

export async function explorerState(plane: ControlPlane) {
  return { time: Date.now(), endpoints: await endpointStatuses(plane) };
}

const CHART_QUERIES = [
  { id: "hitRatio", namespace: SAGEMAKER_NAMESPACE, metric: "ModelCacheHit", stat: "Average" },
  { id: "invocations", namespace: SAGEMAKER_NAMESPACE, metric: "Invocations", stat: "Sum" },
  { id: "waitP50", namespace: SAGEMAKER_NAMESPACE, metric: "ModelLoadingWaitTime", stat: "p50" },
  { id: "waitP99", namespace: SAGEMAKER_NAMESPACE, metric: "ModelLoadingWaitTime", stat: "p99" },
  { id: "loads", namespace: SAGEMAKER_NAMESPACE, metric: "ModelLoadingTime", stat: "SampleCount" },
  { id: "loaded", namespace: ENDPOINTS_NAMESPACE, metric: "LoadedModelCount", stat: "Maximum" },
] as const;

/** Per minute over the last hour: timestamps (epoch s) and one array per series, null where no data. */
export function explorerCharts(store: MetricStore, endpointName: string, variantName: string) {
  const now = store.now();
  const end = Math.ceil((now + 1) / 60_000) * 60_000;
  const start = end - 60 * 60_000;
  const output = getMetricData(store, {
    StartTime: start / 1000,
    EndTime: end / 1000,
    ScanBy: "TimestampAscending",
    MetricDataQueries: CHART_QUERIES.map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: {
          Namespace: q.namespace,
          MetricName: q.metric,
          Dimensions: endpointDimensions(endpointName, variantName),
        },
        Period: 60,
        Stat: q.stat,
      },
    })),
  });
  const times = Array.from({ length: 60 }, (_, i) => start + i * 60_000);
  const series: Record<string, (number | null)[]> = {};
  for (const result of output.MetricDataResults) {
    const byTime = new Map(result.Timestamps.map((t, i) => [t.getTime(), result.Values[i]!]));
    series[result.Id] = times.map((t) => byTime.get(t) ?? null);
  }
  return { times: times.map((t) => t / 1000), series };
}
