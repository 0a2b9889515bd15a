// CloudWatch statistics over a bucket: SampleCount, Average, Sum, Minimum, Maximum and pNN percentiles.
import type { MetricBucket } from "../metrics/metric-bucket.js";

export const BASIC_STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
export type BasicStatistic = (typeof BASIC_STATISTICS)[number];

export type Statistic =
  | { kind: "basic"; name: BasicStatistic }
  | { kind: "percentile"; name: string; p: number };

const PERCENTILE = /^p(\d{1,3}(?:\.\d{1,10})?)$/;

/** A Stat string ("Sum", "p99", "p99.9"); undefined for anything else (tm99, IQM, … are not served). */
export function parseStatistic(stat: string): Statistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(stat)) {
    return { kind: "basic", name: stat as BasicStatistic };
  }
  const match = PERCENTILE.exec(stat);
  if (!match) return undefined;
  const p = Number(match[1]);
  return p >= 0 && p <= 100 ? { kind: "percentile", name: stat, p } : undefined;
}

export function statisticValue(bucket: MetricBucket, stat: Statistic): number {
  if (stat.kind === "percentile") return bucket.percentile(stat.p);
  switch (stat.name) {
    case "SampleCount":
      return bucket.count;
    case "Average":
      return bucket.sum / bucket.count;
    case "Sum":
      return bucket.sum;
    case "Minimum":
      return bucket.min;
    case "Maximum":
      return bucket.max;
  }
}
