// The emulator's CloudWatch: one-minute buckets per metric (namespace + name + dimensions), kept for a
// bounded window (3 h by default, the span CloudWatch serves at one-minute resolution for "recent"
// data), read by GetMetricData/GetMetricStatistics/ListMetrics and the explorer's charts.
import { MetricBucket } from "./metric-bucket.js";

export interface Dimension {
  Name: string;
  Value: string;
}

export type MetricUnit = "Count" | "Microseconds" | "Percent" | "None";

export const MINUTE_MS = 60_000;

export interface MetricSeries {
  readonly namespace: string;
  readonly metricName: string;
  /** Sorted by Name. */
  readonly dimensions: readonly Dimension[];
  readonly unit: MetricUnit;
  /** Minute start (epoch ms) → bucket, oldest first. */
  readonly buckets: Map<number, MetricBucket>;
  lastPut: number;
}

export interface MetricStoreOptions {
  /** How many one-minute points each metric keeps (default 185: 3 h and a few minutes of slack). */
  retentionMinutes?: number;
  now?: () => number;
}

/** A prepared put for one series: skips building the key on every value (the per-request hot path). */
export interface SeriesWriter {
  put(value: number, at?: number): void;
}

export class MetricStore {
  readonly #series = new Map<string, MetricSeries>();
  /** Bumped by clear(), so writers re-resolve their series. */
  #generation = 0;
  readonly #retentionMinutes: number;
  readonly now: () => number;
  /** Called with every value put (CloudWatch alarms evaluate from it); empty on the usual path. */
  readonly #watchers = new Set<(series: MetricSeries, value: number, at: number) => void>();

  constructor(options: MetricStoreOptions = {}) {
    this.#retentionMinutes = options.retentionMinutes ?? 185;
    if (!(this.#retentionMinutes >= 180)) throw new RangeError("MetricStore keeps at least 3 h of points");
    this.now = options.now ?? Date.now;
  }

  put(
    namespace: string,
    metricName: string,
    dimensions: readonly Dimension[],
    unit: MetricUnit,
    value: number,
    at: number = this.now(),
  ): void {
    const series = this.#resolve(namespace, metricName, dimensions, unit, at);
    this.#add(series, value, at);
    if (this.#watchers.size > 0) this.#notify(series, value, at);
  }

  /** Watches every value put from now on; returns the unwatch. */
  watch(watcher: (series: MetricSeries, value: number, at: number) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  #notify(series: MetricSeries, value: number, at: number): void {
    for (const watcher of this.#watchers) watcher(series, value, at);
  }

  writer(
    namespace: string,
    metricName: string,
    dimensions: readonly Dimension[],
    unit: MetricUnit,
  ): SeriesWriter {
    let series: MetricSeries | undefined;
    let generation = -1;
    // The current minute's bucket, kept: most puts land in it and skip the minute lookup.
    let bucket: MetricBucket | undefined;
    let bucketMinute = Number.NaN;
    return {
      put: (value, at = this.now()) => {
        if (generation !== this.#generation || !series) {
          series = this.#resolve(namespace, metricName, dimensions, unit, at);
          generation = this.#generation;
          bucket = undefined;
        }
        if (bucket && at >= bucketMinute && at < bucketMinute + MINUTE_MS) {
          bucket.add(value);
          if (at > series.lastPut) series.lastPut = at;
        } else {
          bucket = this.#add(series, value, at);
          bucketMinute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
        }
        if (this.#watchers.size > 0) this.#notify(series, value, at);
      },
    };
  }

  #resolve(
    namespace: string,
    metricName: string,
    dimensions: readonly Dimension[],
    unit: MetricUnit,
    at: number,
  ): MetricSeries {
    const sorted = sortDimensions(dimensions);
    const key = seriesKey(namespace, metricName, sorted);
    let series = this.#series.get(key);
    if (!series) {
      series = { namespace, metricName, dimensions: sorted, unit, buckets: new Map(), lastPut: at };
      this.#series.set(key, series);
    }
    return series;
  }

  #add(series: MetricSeries, value: number, at: number): MetricBucket {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    let bucket = series.buckets.get(minute);
    if (!bucket) {
      bucket = new MetricBucket();
      series.buckets.set(minute, bucket);
      this.#prune(series, minute);
    }
    bucket.add(value);
    series.lastPut = Math.max(series.lastPut, at);
    return bucket;
  }

  find(namespace: string, metricName: string, dimensions: readonly Dimension[]): MetricSeries | undefined {
    return this.#series.get(seriesKey(namespace, metricName, sortDimensions(dimensions)));
  }

  /** Every series, in a stable order (namespace, name, dimensions). */
  list(): MetricSeries[] {
    return [...this.#series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
  }

  /** Drops every series (matching `which`, when given). */
  clear(which?: (series: MetricSeries) => boolean): void {
    for (const [key, series] of this.#series) if (!which || which(series)) this.#series.delete(key);
    this.#generation++;
  }

  #prune(series: MetricSeries, newest: number): void {
    const oldestKept = newest - (this.#retentionMinutes - 1) * MINUTE_MS;
    for (const minute of series.buckets.keys()) {
      if (minute >= oldestKept) break;
      series.buckets.delete(minute);
    }
  }
}

function sortDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions]
    .map((d) => ({ Name: d.Name, Value: d.Value }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

function seriesKey(namespace: string, metricName: string, sorted: readonly Dimension[]): string {
  return JSON.stringify([namespace, metricName, sorted.map((d) => [d.Name, d.Value])]);
}
