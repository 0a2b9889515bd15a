// One metric's values within one minute (or merged over a period): exact count/sum/min/max, and for
// percentiles the values themselves while few, a DDSketch (1 % relative error) once there are many. Most
// of SageMaker's per-request values are 0 or 1 (Invocations, the error counts, ModelCacheHit): while
// every value is, count and sum alone give the exact percentiles, and nothing else is kept.
import { DDSketch } from "@datadog/sketches-js";

/** Values kept verbatim per bucket; above this a sketch bounds the memory. */
const EXACT_LIMIT = 64;
const RELATIVE_ACCURACY = 0.01;

export class MetricBucket {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Neither while every value so far is 0 or 1 (the ones are `sum`, the zeros the rest of `count`). */
  #exact: number[] | undefined;
  #sketch: DDSketch | undefined;

  get #binary(): boolean {
    return this.#exact === undefined && this.#sketch === undefined;
  }

  add(value: number): void {
    if (this.#binary && value !== 0 && value !== 1) this.#leaveBinary();
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.#binary) return;
    if (this.#exact) {
      this.#exact.push(value);
      if (this.#exact.length > EXACT_LIMIT) this.#toSketch();
    } else {
      this.#sketch!.accept(value);
    }
  }

  merge(other: MetricBucket): void {
    if (this.#binary && !other.#binary) this.#leaveBinary();
    if (!this.#binary && other.#binary) {
      this.#addBinary(other.count - other.sum, other.sum);
      this.#mergeTotals(other);
      return;
    }
    this.#mergeTotals(other);
    if (this.#binary) return;
    if (this.#exact && other.#exact && this.#exact.length + other.#exact.length <= EXACT_LIMIT) {
      this.#exact.push(...other.#exact);
      return;
    }
    if (this.#exact) this.#toSketch();
    if (other.#exact) for (const value of other.#exact) this.#sketch!.accept(value);
    else this.#sketch!.merge(other.#sketch!);
  }

  /**
   * CloudWatch's pNN: the value that NN % of the period's data is at or below (nearest rank), exact
   * while the bucket holds the values, else the sketch's estimate clamped to [min, max].
   */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    if (this.#binary) return rankOf(p, this.count) <= this.count - this.sum ? 0 : 1;
    if (this.#exact) {
      const sorted = [...this.#exact].sort((a, b) => a - b);
      return sorted[rankOf(p, sorted.length) - 1]!;
    }
    const estimate = this.#sketch!.getValueAtQuantile(p / 100);
    return Math.min(this.max, Math.max(this.min, estimate));
  }

  #mergeTotals(other: MetricBucket): void {
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The 0/1 values so far, made the values (or sketch) the other kinds keep. */
  #leaveBinary(): void {
    this.#exact = [];
    this.#addBinary(this.count - this.sum, this.sum);
  }

  /** `zeros` 0s and `ones` 1s into the kept values, as add() would keep them (totals not touched). */
  #addBinary(zeros: number, ones: number): void {
    if (this.#exact && this.#exact.length + zeros + ones <= EXACT_LIMIT) {
      for (let i = 0; i < zeros; i++) this.#exact.push(0);
      for (let i = 0; i < ones; i++) this.#exact.push(1);
      return;
    }
    if (this.#exact) this.#toSketch();
    if (zeros > 0) this.#sketch!.accept(0, zeros);
    if (ones > 0) this.#sketch!.accept(1, ones);
  }

  #toSketch(): void {
    this.#sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
    for (const value of this.#exact ?? []) this.#sketch.accept(value);
    this.#exact = undefined;
  }
}

/** CloudWatch's nearest rank: the 1-based position of pNN among `count` sorted values. */
function rankOf(p: number, count: number): number {
  return Math.max(1, Math.ceil((p / 100) * count));
}
