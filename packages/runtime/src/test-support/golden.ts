// The small image model's golden outputs: a sample of each batch item's 1000 logits, plus argmax and sum.
import { readFileSync } from "node:fs";

export const GOLDEN_FILE = new URL("./small-image.golden.json", import.meta.url);
export const GOLDEN_STRIDE = 37;

export interface GoldenItem {
  argmax: number;
  sum: number;
  /** Logits at indices 0, GOLDEN_STRIDE, 2 × GOLDEN_STRIDE, … */
  sampled: number[];
}

export type Golden = Record<"batch1" | "batch4", GoldenItem[]>;

export function summarize(values: Float32Array, batch: number): GoldenItem[] {
  const classes = values.length / batch;
  return Array.from({ length: batch }, (_, b) => {
    const row = values.subarray(b * classes, (b + 1) * classes);
    let argmax = 0;
    let sum = 0;
    const sampled: number[] = [];
    for (let i = 0; i < classes; i++) {
      if (row[i]! > row[argmax]!) argmax = i;
      sum += row[i]!;
      if (i % GOLDEN_STRIDE === 0) sampled.push(Number(row[i]!.toPrecision(7)));
    }
    return { argmax, sum: Number(sum.toPrecision(7)), sampled };
  });
}

export function readGolden(): Golden {
  return JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as Golden;
}
