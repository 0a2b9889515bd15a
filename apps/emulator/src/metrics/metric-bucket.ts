// One metric's values within one minute (or merged over a period): exact count/sum/min/max, and for
// percentiles the values themselves while few, a DDSketch (1 % relative error) once there are many.
import { DDSketch } from "@datadog/sketches-js";

/** Values kept verbatim per bucket; above this a sketch bounds the memory. */
const EXACT_LIMIT = 64;
const RELATIVE_ACCURACY = 0.01;

export class MetricBucket {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  #exact: number[] | undefined = [];
  #sketch: DDSketch | undefined;

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.#exact) {
      this.#exact.push(value);
      if (this.#exact.length > EXACT_LIMIT) this.#toSketch();
    } else {
      this.#sketch!.accept(value);
    }
  }

  merge(other: MetricBucket): void {
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
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
    if (this.#exact) {
      const sorted = [...this.#exact].sort((a, b) => a - b);
      const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
      return sorted[rank - 1]!;
    }
    const estimate = this.#sketch!.getValueAtQuantile(p / 100);
    return Math.min(this.max, Math.max(this.min, estimate));
  }

  #toSketch(): void {
    this.#sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
    for (const value of this.#exact ?? []) this.#sketch.accept(value);
    this.#exact = undefined;
  }
}
