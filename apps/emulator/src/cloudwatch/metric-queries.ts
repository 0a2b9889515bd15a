// GetMetricStatistics, GetMetricData and ListMetrics over the MetricStore, with CloudWatch's rules:
// StartTime rounded down to the minute, EndTime exclusive, Period 1/5/10/20/30 or a multiple of 60
// (one-minute data: shorter periods read as 60), at most 1,440 datapoints per GetMetricStatistics,
// only periods that hold data returned, GetMetricData newest first unless TimestampAscending.

import { MetricBucket } from "../metrics/metric-bucket.js";
import { type Dimension, type MetricSeries, type MetricStore, MINUTE_MS } from "../metrics/metric-store.js";
import {
  invalidNextToken,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  validationError,
} from "../wire/errors/cloudwatch.js";
import { flag, type Input, integer, list, record, requiredText, text, timestamp } from "./input.js";
import { BASIC_STATISTICS, parseStatistic, type Statistic, statisticValue } from "./statistics.js";

const MAX_STATISTICS_DATAPOINTS = 1440;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const MAX_QUERIES = 500;
const LIST_PAGE = 500;

interface PeriodPoint {
  timestamp: number;
  bucket: MetricBucket;
}

export function getMetricStatistics(store: MetricStore, input: Input) {
  const namespace = requiredText(input, "Namespace");
  const metricName = requiredText(input, "MetricName");
  const { start, end } = timeRange(input);
  const period = checkPeriod(integer(input, "Period"), "Period");
  const statistics = list(input.Statistics).map(String);
  const extended = list(input.ExtendedStatistics).map(String);
  if (statistics.length === 0 && extended.length === 0) {
    throw missingParameter("Statistics or ExtendedStatistics");
  }
  if (statistics.length > 0 && extended.length > 0) {
    throw invalidParameterCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
  }
  for (const stat of statistics) {
    if (!(BASIC_STATISTICS as readonly string[]).includes(stat)) {
      throw invalidParameterValue(
        `The parameter Statistics.member.${statistics.indexOf(stat) + 1} must be a value in the set [ ${BASIC_STATISTICS.join(", ")} ].`,
      );
    }
  }
  const percentiles = extended.map((name) => {
    const parsed = parseStatistic(name);
    if (parsed?.kind !== "percentile") {
      throw invalidParameterValue(`The value ${name} for parameter ExtendedStatistics is not supported.`);
    }
    return parsed;
  });
  const requested = Math.ceil((end - start) / (Math.max(period, 60) * 1000));
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw invalidParameterCombination(
      `You have requested up to ${requested.toLocaleString("en-US")} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const unit = text(input, "Unit");
  const series = store.find(namespace, metricName, dimensionsOf(input.Dimensions));
  const points =
    series && (unit === undefined || unit === series.unit) ? periods(series, start, end, period) : [];
  return {
    Label: metricName,
    Datapoints: points.map(({ timestamp: at, bucket }) => {
      const datapoint: Record<string, unknown> = { Timestamp: new Date(at) };
      for (const name of statistics) {
        datapoint[name] = statisticValue(bucket, parseStatistic(name)!);
      }
      if (percentiles.length > 0) {
        datapoint.ExtendedStatistics = Object.fromEntries(
          percentiles.map((p) => [p.name, statisticValue(bucket, p)]),
        );
      }
      datapoint.Unit = series!.unit;
      return datapoint;
    }),
  };
}

interface ResolvedQuery {
  id: string;
  label: string;
  returnData: boolean;
  points: { timestamp: number; value: number }[];
}

export function getMetricData(store: MetricStore, input: Input) {
  const { start, end } = timeRange(input);
  const queries = list(input.MetricDataQueries).map(record);
  if (queries.length === 0) throw missingParameter("MetricDataQueries");
  if (queries.length > MAX_QUERIES) {
    throw validationError(
      `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`,
    );
  }
  const scanBy = text(input, "ScanBy") ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") {
    throw validationError(
      "1 validation error detected: Value at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]",
    );
  }
  const maxDatapoints = integer(input, "MaxDatapoints") ?? DEFAULT_MAX_DATAPOINTS;
  if (maxDatapoints < 1) throw validationError("The parameter MaxDatapoints must be greater than 0.");
  const resolved = queries.map((query, index) => resolveQuery(store, query, index, start, end));
  for (const query of resolved) {
    if (scanBy === "TimestampDescending") query.points.reverse();
  }
  const returned = resolved.filter((q) => q.returnData);
  const offsets = decodeToken(text(input, "NextToken"), returned.length);
  let budget = maxDatapoints;
  let more = false;
  const results = returned.map((query, index) => {
    const from = offsets[index]!;
    const take = Math.min(budget, query.points.length - from);
    budget -= take;
    const slice = query.points.slice(from, from + take);
    offsets[index] = from + take;
    const complete = offsets[index] >= query.points.length;
    if (!complete) more = true;
    return {
      Id: query.id,
      Label: query.label,
      Timestamps: slice.map((p) => new Date(p.timestamp)),
      Values: slice.map((p) => p.value),
      StatusCode: complete ? "Complete" : "PartialData",
      Messages: [],
    };
  });
  return {
    MetricDataResults: results,
    ...(more ? { NextToken: encodeToken(offsets) } : {}),
    Messages: [],
  };
}

function resolveQuery(
  store: MetricStore,
  query: Input,
  index: number,
  start: number,
  end: number,
): ResolvedQuery {
  const id = text(query, "Id");
  if (!id || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
    throw validationError(
      `The value ${id ?? ""} for parameter MetricDataQueries.member.${index + 1}.Id is not valid: it must start with a lower-case letter and hold only letters, numbers and underscores.`,
    );
  }
  if (query.Expression !== undefined) {
    throw validationError(
      `MetricDataQueries.member.${index + 1}: metric math expressions are not served by the emulator; ask for MetricStat queries.`,
    );
  }
  const stat = record(query.MetricStat);
  const metric = record(stat.Metric);
  if (stat.Metric === undefined) {
    throw validationError(`MetricDataQueries.member.${index + 1} must have MetricStat or Expression.`);
  }
  const metricName = requiredText(metric, "MetricName");
  const namespace = requiredText(metric, "Namespace");
  const period = checkPeriod(
    integer(stat, "Period"),
    `MetricDataQueries.member.${index + 1}.MetricStat.Period`,
  );
  const statName = requiredText(stat, "Stat");
  const statistic: Statistic | undefined = parseStatistic(statName);
  if (!statistic) {
    throw validationError(
      `The value ${statName} for parameter MetricDataQueries.member.${index + 1}.MetricStat.Stat is not supported.`,
    );
  }
  const unit = text(stat, "Unit");
  const series = store.find(namespace, metricName, dimensionsOf(metric.Dimensions));
  const points =
    series && (unit === undefined || unit === series.unit)
      ? periods(series, start, end, period).map((p) => ({
          timestamp: p.timestamp,
          value: statisticValue(p.bucket, statistic),
        }))
      : [];
  return {
    id,
    label: text(query, "Label") ?? metricName,
    returnData: flag(query, "ReturnData") ?? true,
    points,
  };
}

export function listMetrics(store: MetricStore, input: Input) {
  const namespace = text(input, "Namespace");
  const metricName = text(input, "MetricName");
  const recentlyActive = text(input, "RecentlyActive");
  if (recentlyActive !== undefined && recentlyActive !== "PT3H") {
    throw invalidParameterValue("The parameter RecentlyActive must be PT3H.");
  }
  const filters = list(input.Dimensions).map((d) => {
    const dimension = record(d);
    return { name: requiredText(dimension, "Name"), value: text(dimension, "Value") };
  });
  const activeSince = store.now() - 3 * 60 * MINUTE_MS;
  const matching = store
    .list()
    .filter(
      (s) =>
        (namespace === undefined || s.namespace === namespace) &&
        (metricName === undefined || s.metricName === metricName) &&
        (recentlyActive === undefined || s.lastPut >= activeSince) &&
        filters.every((f) =>
          s.dimensions.some((d) => d.Name === f.name && (f.value === undefined || d.Value === f.value)),
        ),
    );
  const [from] = decodeToken(text(input, "NextToken"), 1);
  const page = matching.slice(from, from! + LIST_PAGE);
  const next = from! + page.length;
  return {
    Metrics: page.map((s) => ({
      Namespace: s.namespace,
      MetricName: s.metricName,
      Dimensions: s.dimensions,
    })),
    ...(next < matching.length ? { NextToken: encodeToken([next]) } : {}),
  };
}

function timeRange(input: Input): { start: number; end: number } {
  const start = Math.floor(timestamp(input, "StartTime") / MINUTE_MS) * MINUTE_MS;
  const end = timestamp(input, "EndTime");
  if (!(start < end)) {
    throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
  }
  return { start, end };
}

function checkPeriod(period: number | undefined, name: string): number {
  if (period === undefined) throw missingParameter(name);
  if (period < 1 || !([1, 5, 10, 20, 30].includes(period) || period % 60 === 0)) {
    throw invalidParameterValue(`The parameter ${name} must be 1, 5, 10, 20, 30 or a multiple of 60.`);
  }
  return period;
}

export function dimensionsOf(value: unknown): Dimension[] {
  return list(value).map((d) => {
    const dimension = record(d);
    return { Name: requiredText(dimension, "Name"), Value: requiredText(dimension, "Value") };
  });
}

/** The series' minutes in [start, end), merged per period from start; periods without data are left out. */
function periods(series: MetricSeries, start: number, end: number, period: number): PeriodPoint[] {
  const periodMs = Math.max(period, 60) * 1000;
  const merged = new Map<number, MetricBucket>();
  for (const [minute, bucket] of series.buckets) {
    if (minute < start || minute >= end) continue;
    const at = start + Math.floor((minute - start) / periodMs) * periodMs;
    let target = merged.get(at);
    if (!target) {
      target = new MetricBucket();
      merged.set(at, target);
    }
    target.merge(bucket);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a - b)
    .map(([timestamp, bucket]) => ({ timestamp, bucket }));
}

function encodeToken(offsets: number[]): string {
  return Buffer.from(JSON.stringify({ v: 1, offsets })).toString("base64url");
}

function decodeToken(token: string | undefined, count: number): number[] {
  if (token === undefined) return new Array<number>(count).fill(0);
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      v: number;
      offsets: number[];
    };
    if (parsed.v === 1 && Array.isArray(parsed.offsets) && parsed.offsets.length === count) {
      if (parsed.offsets.every((o) => Number.isInteger(o) && o >= 0)) return parsed.offsets;
    }
  } catch {
    // falls through to the error
  }
  throw invalidNextToken();
}
