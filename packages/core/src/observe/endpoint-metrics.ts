// An MME's picture from CloudWatch, the same calls for AWS and the emulator: invocations and errors,
// model and overhead latency p50/p99, cache hit ratio, loading wait p50/p99, loads and unloads per
// period (AWS's thrashing signal), loaded model count. One GetMetricData for the per-period series and
// one for the whole-window figures, so every figure is CloudWatch's own statistic.
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { callAws } from "../aws/call-aws.js";
import { UsageError } from "../errors/index.js";

export interface MetricSpec {
  id: string;
  label: string;
  namespace: "AWS/SageMaker" | "/aws/sagemaker/Endpoints";
  metricName: string;
  stat: string;
  /** How to show the value: a count, microseconds as ms, a ratio as %. */
  kind: "count" | "micros" | "ratio" | "gauge";
}

export const ENDPOINT_METRICS: readonly MetricSpec[] = [
  {
    id: "invocations",
    label: "invocations",
    namespace: "AWS/SageMaker",
    metricName: "Invocations",
    stat: "Sum",
    kind: "count",
  },
  {
    id: "errors4xx",
    label: "4xx errors",
    namespace: "AWS/SageMaker",
    metricName: "Invocation4XXErrors",
    stat: "Sum",
    kind: "count",
  },
  {
    id: "errors5xx",
    label: "5xx errors",
    namespace: "AWS/SageMaker",
    metricName: "Invocation5XXErrors",
    stat: "Sum",
    kind: "count",
  },
  {
    id: "modelErrors",
    label: "model errors",
    namespace: "AWS/SageMaker",
    metricName: "InvocationModelErrors",
    stat: "Sum",
    kind: "count",
  },
  {
    id: "modelLatencyP50",
    label: "model latency p50",
    namespace: "AWS/SageMaker",
    metricName: "ModelLatency",
    stat: "p50",
    kind: "micros",
  },
  {
    id: "modelLatencyP99",
    label: "model latency p99",
    namespace: "AWS/SageMaker",
    metricName: "ModelLatency",
    stat: "p99",
    kind: "micros",
  },
  {
    id: "overheadP50",
    label: "overhead p50",
    namespace: "AWS/SageMaker",
    metricName: "OverheadLatency",
    stat: "p50",
    kind: "micros",
  },
  {
    id: "overheadP99",
    label: "overhead p99",
    namespace: "AWS/SageMaker",
    metricName: "OverheadLatency",
    stat: "p99",
    kind: "micros",
  },
  {
    id: "cacheHitRatio",
    label: "cache hit ratio",
    namespace: "AWS/SageMaker",
    metricName: "ModelCacheHit",
    stat: "Average",
    kind: "ratio",
  },
  {
    id: "loadingWaitP50",
    label: "loading wait p50",
    namespace: "AWS/SageMaker",
    metricName: "ModelLoadingWaitTime",
    stat: "p50",
    kind: "micros",
  },
  {
    id: "loadingWaitP99",
    label: "loading wait p99",
    namespace: "AWS/SageMaker",
    metricName: "ModelLoadingWaitTime",
    stat: "p99",
    kind: "micros",
  },
  {
    id: "loads",
    label: "model loads",
    namespace: "AWS/SageMaker",
    metricName: "ModelLoadingTime",
    stat: "SampleCount",
    kind: "count",
  },
  {
    id: "unloads",
    label: "model unloads",
    namespace: "AWS/SageMaker",
    metricName: "ModelUnloadingTime",
    stat: "SampleCount",
    kind: "count",
  },
  {
    id: "loadedModels",
    label: "loaded models (max)",
    namespace: "/aws/sagemaker/Endpoints",
    metricName: "LoadedModelCount",
    stat: "Maximum",
    kind: "gauge",
  },
];

export interface EndpointMetricsQuery {
  endpointName: string;
  /** Default: the variant CloudWatch lists for the endpoint, else AllTraffic. */
  variantName?: string;
  sinceMs: number;
  /** Seconds, a multiple of 60. */
  periodSeconds: number;
  now?: number;
}

export interface MetricReading {
  id: string;
  label: string;
  metricName: string;
  stat: string;
  kind: MetricSpec["kind"];
  /** Over the whole window; null when CloudWatch has no data. */
  value: number | null;
  /** One entry per period, oldest first; null where the period has no data. */
  series: { timestamp: string; value: number | null }[];
}

export interface EndpointMetrics {
  endpointName: string;
  variantName: string;
  startTime: string;
  endTime: string;
  periodSeconds: number;
  metrics: MetricReading[];
}

export async function readEndpointMetrics(
  client: CloudWatchClient,
  query: EndpointMetricsQuery,
): Promise<EndpointMetrics> {
  if (!Number.isInteger(query.periodSeconds) || query.periodSeconds < 60 || query.periodSeconds % 60 !== 0) {
    throw new UsageError(`--period must be a multiple of 60 seconds (got ${query.periodSeconds})`);
  }
  const periodMs = query.periodSeconds * 1000;
  const now = query.now ?? Date.now();
  // Whole periods ending at the next period boundary, so the newest (partial) period is included.
  const end = Math.ceil((now + 1) / periodMs) * periodMs;
  const periods = Math.max(1, Math.ceil(query.sinceMs / periodMs));
  const start = end - periods * periodMs;
  const variantName = query.variantName ?? (await variantOf(client, query.endpointName));
  const dimensions = [
    { Name: "EndpointName", Value: query.endpointName },
    { Name: "VariantName", Value: variantName },
  ];
  const queries = (suffix: string, period: number): MetricDataQuery[] =>
    ENDPOINT_METRICS.map((m) => ({
      Id: `${m.id}${suffix}`,
      MetricStat: {
        Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: dimensions },
        Period: period,
        Stat: m.stat,
      },
    }));
  const [perPeriod, whole] = await Promise.all([
    metricData(client, queries("", query.periodSeconds), start, end),
    metricData(client, queries("Total", periods * query.periodSeconds), start, end),
  ]);
  return {
    endpointName: query.endpointName,
    variantName,
    startTime: new Date(start).toISOString(),
    endTime: new Date(end).toISOString(),
    periodSeconds: query.periodSeconds,
    metrics: ENDPOINT_METRICS.map((m) => {
      const points = perPeriod.get(m.id) ?? new Map<number, number>();
      const total = [...(whole.get(`${m.id}Total`)?.values() ?? [])];
      return {
        id: m.id,
        label: m.label,
        metricName: m.metricName,
        stat: m.stat,
        kind: m.kind,
        value: total.length > 0 ? total[0]! : null,
        series: Array.from({ length: periods }, (_, i) => {
          const at = start + i * periodMs;
          return { timestamp: new Date(at).toISOString(), value: points.get(at) ?? null };
        }),
      };
    }),
  };
}

async function variantOf(client: CloudWatchClient, endpointName: string): Promise<string> {
  const listed = await callAws(client, "ListMetrics", () =>
    client.send(
      new ListMetricsCommand({
        Namespace: "AWS/SageMaker",
        MetricName: "Invocations",
        Dimensions: [{ Name: "EndpointName", Value: endpointName }],
      }),
    ),
  );
  const variant = listed.Metrics?.flatMap((m) => m.Dimensions ?? []).find((d) => d.Name === "VariantName");
  return variant?.Value ?? "AllTraffic";
}

/** Id → (timestamp ms → value), following NextToken. */
async function metricData(
  client: CloudWatchClient,
  queries: MetricDataQuery[],
  start: number,
  end: number,
): Promise<Map<string, Map<number, number>>> {
  const results = new Map<string, Map<number, number>>();
  let nextToken: string | undefined;
  do {
    const page = await callAws(client, "GetMetricData", () =>
      client.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          MetricDataQueries: queries,
          ScanBy: "TimestampAscending",
          NextToken: nextToken,
        }),
      ),
    );
    for (const result of page.MetricDataResults ?? []) {
      const points = results.get(result.Id!) ?? new Map<number, number>();
      results.set(result.Id!, points);
      for (const [i, t] of (result.Timestamps ?? []).entries()) points.set(t.getTime(), result.Values![i]!);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return results;
}
