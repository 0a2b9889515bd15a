import { describe, expect, it } from "vitest";
import { MetricStore } from "../metrics/metric-store.js";
import { CloudWatchError } from "../wire/errors/cloudwatch.js";
import { getMetricData, getMetricStatistics, listMetrics } from "./metric-queries.js";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const DIMS = [
  { Name: "VariantName", Value: "AllTraffic" },
  { Name: "EndpointName", Value: "e" },
];

function storeAt(now: number) {
  const clock = { now };
  return { clock, store: new MetricStore({ now: () => clock.now }) };
}

const statsInput = (extra: Record<string, unknown>) => ({
  Namespace: "AWS/SageMaker",
  MetricName: "ModelLatency",
  Dimensions: DIMS,
  StartTime: (T0 - 3_600_000) / 1000,
  EndTime: (T0 + 3_600_000) / 1000,
  Period: 60,
  ...extra,
});

describe("GetMetricStatistics", () => {
  it("computes nearest-rank percentiles exactly for few values, per one-minute period", () => {
    const { store } = storeAt(T0);
    for (let v = 1; v <= 10; v++)
      store.put("AWS/SageMaker", "ModelLatency", DIMS, "Microseconds", v * 100, T0 + v);
    store.put("AWS/SageMaker", "ModelLatency", DIMS, "Microseconds", 5, T0 + 61_000);
    const out = getMetricStatistics(store, statsInput({ ExtendedStatistics: ["p50", "p90", "p99.9", "p0"] }));
    expect(out.Datapoints).toEqual([
      {
        Timestamp: new Date(T0),
        ExtendedStatistics: { p50: 500, p90: 900, "p99.9": 1000, p0: 100 },
        Unit: "Microseconds",
      },
      {
        Timestamp: new Date(T0 + 60_000),
        ExtendedStatistics: { p50: 5, p90: 5, "p99.9": 5, p0: 5 },
        Unit: "Microseconds",
      },
    ]);
  });

  it("stays within 1 % of the nearest-rank percentile when a minute holds many values", () => {
    const { store } = storeAt(T0);
    const values = Array.from({ length: 5000 }, (_, i) => 1000 + ((i * 7919) % 5000) * 13);
    for (const v of values) store.put("AWS/SageMaker", "ModelLatency", DIMS, "Microseconds", v, T0);
    const sorted = [...values].sort((a, b) => a - b);
    const out = getMetricStatistics(store, statsInput({ ExtendedStatistics: ["p50", "p99"], Period: 300 }));
    const p = out.Datapoints[0]!.ExtendedStatistics as Record<string, number>;
    for (const [name, q] of [
      ["p50", 0.5],
      ["p99", 0.99],
    ] as const) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      expect(Math.abs(p[name]! - exact) / exact).toBeLessThanOrEqual(0.01);
    }
  });

  it("merges minutes into longer periods from the rounded-down start, end exclusive", () => {
    const { store } = storeAt(T0);
    for (let m = 0; m < 10; m++)
      store.put("AWS/SageMaker", "ModelLatency", DIMS, "Microseconds", 1, T0 + m * 60_000);
    const out = getMetricStatistics(
      store,
      statsInput({
        StartTime: (T0 + 30_000) / 1000,
        EndTime: (T0 + 9 * 60_000) / 1000,
        Period: 300,
        Statistics: ["Sum"],
      }),
    );
    expect(out.Datapoints.map((d) => [d.Timestamp, d.Sum])).toEqual([
      [new Date(T0), 5],
      [new Date(T0 + 300_000), 4],
    ]);
  });

  it("needs the exact dimension set and a matching unit", () => {
    const { store } = storeAt(T0);
    store.put("AWS/SageMaker", "ModelLatency", DIMS, "Microseconds", 1, T0);
    expect(
      getMetricStatistics(store, statsInput({ Dimensions: [DIMS[1]], Statistics: ["Sum"] })).Datapoints,
    ).toEqual([]);
    expect(
      getMetricStatistics(store, statsInput({ Unit: "Seconds", Statistics: ["Sum"] })).Datapoints,
    ).toEqual([]);
  });

  it("refuses more than 1,440 datapoints, bad periods and both statistic kinds", () => {
    const { store } = storeAt(T0);
    const code = (input: Record<string, unknown>) => {
      try {
        getMetricStatistics(store, statsInput(input));
      } catch (error) {
        return (error as CloudWatchError).code;
      }
      return "ok";
    };
    expect(code({ StartTime: (T0 - 2 * 86_400_000) / 1000, Statistics: ["Sum"] })).toBe(
      "InvalidParameterCombination",
    );
    expect(code({ Period: 90, Statistics: ["Sum"] })).toBe("InvalidParameterValue");
    expect(code({ Statistics: ["Sum"], ExtendedStatistics: ["p99"] })).toBe("InvalidParameterCombination");
    expect(code({ Statistics: ["Median"] })).toBe("InvalidParameterValue");
    expect(code({ Namespace: undefined, Statistics: ["Sum"] })).toBe("MissingParameter");
  });
});

describe("the store", () => {
  it("keeps a prepared writer working across clear()", () => {
    const { store } = storeAt(T0);
    const writer = store.writer("AWS/SageMaker", "Invocations", DIMS, "None");
    writer.put(1, T0);
    store.clear();
    expect(store.list()).toEqual([]);
    writer.put(1, T0);
    writer.put(1, T0);
    expect(store.find("AWS/SageMaker", "Invocations", DIMS)!.buckets.get(T0)!.sum).toBe(2);
  });

  it("puts a prepared writer's values in the minute they belong to, late ones included", () => {
    const { store } = storeAt(T0);
    const writer = store.writer("AWS/SageMaker", "ModelLatency", DIMS, "Microseconds");
    writer.put(5, T0 + 59_999);
    writer.put(7, T0 + 60_000);
    writer.put(11, T0 + 1);
    writer.put(13, T0 + 61_000);
    const series = store.find("AWS/SageMaker", "ModelLatency", DIMS)!;
    expect(series.buckets.get(T0)!.sum).toBe(16);
    expect(series.buckets.get(T0 + 60_000)!.sum).toBe(20);
    expect(series.lastPut).toBe(T0 + 61_000);
  });

  it("keeps 3 h of one-minute points and forgets older ones", () => {
    const { clock, store } = storeAt(T0);
    for (let m = 0; m < 200; m++) {
      clock.now = T0 + m * 60_000;
      store.put("AWS/SageMaker", "Invocations", DIMS, "Count", 1);
    }
    const series = store.find("AWS/SageMaker", "Invocations", DIMS)!;
    expect(series.buckets.size).toBe(185);
    expect([...series.buckets.keys()][0]).toBe(T0 + 15 * 60_000);
  });
});

describe("GetMetricData and ListMetrics", () => {
  it("rejects an unknown Stat and a bad token; lists by dimension filter and RecentlyActive", () => {
    const { clock, store } = storeAt(T0);
    store.put("AWS/SageMaker", "Invocations", DIMS, "Count", 1, T0);
    clock.now = T0 + 4 * 3_600_000;
    store.put("/aws/sagemaker/Endpoints", "LoadedModelCount", DIMS, "None", 1);
    const query = (Stat: string, NextToken?: string) => () =>
      getMetricData(store, {
        StartTime: T0 / 1000,
        EndTime: (T0 + 60_000) / 1000,
        NextToken,
        MetricDataQueries: [
          {
            Id: "a",
            MetricStat: {
              Metric: { Namespace: "AWS/SageMaker", MetricName: "Invocations", Dimensions: DIMS },
              Period: 60,
              Stat,
            },
          },
        ],
      });
    expect(query("Sum")().MetricDataResults[0]!.Values).toEqual([1]);
    expect(query("tm99")).toThrow(/not supported/);
    expect(query("Sum", "garbage")).toThrow(CloudWatchError);
    expect(listMetrics(store, { Dimensions: [{ Name: "EndpointName" }] }).Metrics).toHaveLength(2);
    expect(listMetrics(store, { RecentlyActive: "PT3H" }).Metrics.map((m) => m.MetricName)).toEqual([
      "LoadedModelCount",
    ]);
    expect(listMetrics(store, { Dimensions: [{ Name: "EndpointName", Value: "other" }] }).Metrics).toEqual(
      [],
    );
  });
});
