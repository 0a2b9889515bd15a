import { describe, expect, it } from "vitest";
import { MetricBucket } from "./metric-bucket.js";

/** CloudWatch's nearest-rank pNN over the values themselves: what every bucket must answer while exact. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

function bucketOf(values: number[]): MetricBucket {
  const bucket = new MetricBucket();
  for (const value of values) bucket.add(value);
  return bucket;
}

const PERCENTILES = [0, 1, 10, 25, 49, 50, 51, 75, 90, 99, 99.9, 100];

describe("MetricBucket", () => {
  it("answers 0/1 values (Invocations, errors, ModelCacheHit) exactly, however many", () => {
    // 1,000 values: beyond the verbatim limit, where other values go to the sketch.
    const values = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? 0 : 1));
    const bucket = bucketOf(values);
    expect([bucket.count, bucket.sum, bucket.min, bucket.max]).toEqual([1000, 857, 0, 1]);
    for (const p of PERCENTILES) expect(bucket.percentile(p), `p${p}`).toBe(nearestRank(values, p));
  });

  it("keeps the 0/1 values seen before the first other value", () => {
    const values = [1, 0, 1, 1, 250, 0, 3.5];
    const bucket = bucketOf(values);
    expect(bucket.sum).toBe(256.5);
    for (const p of PERCENTILES) expect(bucket.percentile(p), `p${p}`).toBe(nearestRank(values, p));
  });

  it("keeps many 0/1 values as a sketch once another value comes", () => {
    const bucket = bucketOf([...Array<number>(500).fill(0), ...Array<number>(500).fill(1), 1000]);
    expect(bucket.count).toBe(1001);
    expect(bucket.percentile(40)).toBe(0);
    expect(bucket.percentile(60)).toBeCloseTo(1, 1);
    expect(bucket.percentile(100)).toBeCloseTo(1000, -1);
  });

  it("merges 0/1 buckets with each other and with buckets of other values", () => {
    const ones = [1, 1, 0, 1];
    const latencies = [120, 80, 300];
    const binary = () => bucketOf(ones);
    const both = [...ones, ...latencies];

    const a = binary();
    a.merge(binary());
    expect([a.count, a.sum]).toEqual([8, 6]);
    for (const p of PERCENTILES) expect(a.percentile(p)).toBe(nearestRank([...ones, ...ones], p));

    const b = binary();
    b.merge(bucketOf(latencies));
    const c = bucketOf(latencies);
    c.merge(binary());
    for (const merged of [b, c]) {
      expect([merged.count, merged.sum, merged.min, merged.max]).toEqual([7, 503, 0, 300]);
      for (const p of PERCENTILES) expect(merged.percentile(p), `p${p}`).toBe(nearestRank(both, p));
    }
  });

  it("has no percentile while empty", () => {
    expect(new MetricBucket().percentile(50)).toBeNaN();
  });
});
