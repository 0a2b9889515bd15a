// Counter and histogram families whose series are plain objects, updated with a field write per request and
// rendered only at scrape time. prom-client's own Counter and Histogram hash their label object on every
// `inc`/`observe` (four paired series per successful invocation made that most of the metrics' cost); these
// are handed one series object per label set instead. They register in a prom-client Registry, which formats
// them: `get()`/`getForPromString()` return the same values prom-client's Counter and Histogram return, so
// `/metrics` is the same text byte for byte.
import type { Registry } from "prom-client";

type Labels = Readonly<Record<string, string>>;

export interface CounterSeries {
  readonly labels: Labels;
  value: number;
}

export interface HistogramSeries {
  readonly labels: Labels;
  /** Observations per bucket, not cumulative; the last slot is above every bound (+Inf). */
  readonly buckets: number[];
  sum: number;
  count: number;
}

abstract class PlainFamily<S extends { labels: Labels }> {
  readonly aggregator = "sum";
  /**
   * Series in first-observation order (prom-client's order), by a key the caller makes once per label set
   * (equal labels, equal key: a series removed and observed again is one series, as in prom-client).
   */
  protected readonly series = new Map<string, S>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of one label object, made on first use (a series appears in `/metrics` once observed). */
  of(key: string, labels: Labels): S {
    let series = this.series.get(key);
    if (!series) {
      series = this.create(labels);
      this.series.set(key, series);
    }
    return series;
  }

  remove(key: string): void {
    this.series.delete(key);
  }

  protected abstract create(labels: Labels): S;
}

export class PlainCounter extends PlainFamily<CounterSeries> {
  readonly type = "counter";

  protected create(labels: Labels): CounterSeries {
    return { labels, value: 0 };
  }

  async get() {
    const values = [...this.series.values()].map(({ labels, value }) => ({ value, labels }));
    return { help: this.help, name: this.name, type: this.type, values, aggregator: this.aggregator };
  }
}

export class PlainHistogram extends PlainFamily<HistogramSeries> {
  readonly type = "histogram";

  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly upperBounds: readonly number[],
  ) {
    super(name, help, registry);
  }

  protected create(labels: Labels): HistogramSeries {
    return { labels, buckets: new Array<number>(this.upperBounds.length + 1).fill(0), sum: 0, count: 0 };
  }

  observe(series: HistogramSeries, value: number): void {
    const bounds = this.upperBounds;
    let slot = 0;
    while (slot < bounds.length && value > (bounds[slot] as number)) slot++;
    (series.buckets[slot] as number)++;
    series.sum += value;
    series.count++;
  }

  /** What prom-client's Histogram gives the Registry to format: `le` as a label, the series' labels shared. */
  async getForPromString() {
    const bucketName = `${this.name}_bucket`;
    const values: object[] = [];
    for (const { labels, buckets, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, slot) => {
        cumulative += buckets[slot] as number;
        values.push({
          labels: { le },
          sharedLabels: labels,
          value: cumulative,
          metricName: bucketName,
          exemplar: null,
        });
      });
      values.push(
        {
          labels: { le: "+Inf" },
          sharedLabels: labels,
          value: count,
          metricName: bucketName,
          exemplar: null,
        },
        { labels: {}, sharedLabels: labels, value: sum, metricName: `${this.name}_sum`, exemplar: undefined },
        {
          labels: {},
          sharedLabels: labels,
          value: count,
          metricName: `${this.name}_count`,
          exemplar: undefined,
        },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The JSON form (`Registry.getMetricsAsJSON`): shared labels folded into each value's labels. */
  async get() {
    const data = await this.getForPromString();
    const values = data.values.map((value) => {
      const { sharedLabels, labels, ...rest } = value as { sharedLabels: Labels; labels: Labels };
      return { ...rest, labels: { ...labels, ...sharedLabels } };
    });
    return { ...data, values };
  }
}
