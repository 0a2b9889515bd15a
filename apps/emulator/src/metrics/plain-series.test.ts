import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { PlainCounter, PlainHistogram } from "./plain-series.js";

const BOUNDS = [1, 10, 100];
const A = { EndpointName: "ep", VariantName: "v" };
const B = { EndpointName: "ep", VariantName: "v", TargetModel: 'a"b\\c.tar.gz' };

// prom-client's own Counter and Histogram are the reference: /metrics must read the same, byte for byte.
describe("plain counter and histogram families", () => {
  it("render exactly what prom-client's Counter and Histogram render for the same updates", async () => {
    const reference = new Registry();
    const plain = new Registry();
    const refCounter = new Counter({
      name: "C",
      help: "h",
      labelNames: ["EndpointName", "VariantName", "TargetModel"],
      registers: [reference],
    });
    const refHistogram = new Histogram({
      name: "H",
      help: "h",
      labelNames: ["EndpointName", "VariantName", "TargetModel"],
      buckets: BOUNDS,
      registers: [reference],
    });
    const counter = new PlainCounter("C", "h", plain);
    const histogram = new PlainHistogram("H", "h", plain, BOUNDS);
    for (const [labels, key] of [
      [A, "a"],
      [B, "b"],
    ] as const) {
      for (const value of [0, 1, 1.5, 10, 99.9, 100, 1e6]) {
        refCounter.inc(labels, value / 3);
        counter.of(key, labels).value += value / 3;
        refHistogram.observe(labels, value);
        histogram.observe(histogram.of(key, labels), value);
      }
    }
    refCounter.remove(A);
    counter.remove("a");
    refCounter.inc(A);
    counter.of("a", A).value += 1;
    expect(await plain.metrics()).toBe(await reference.metrics());
    expect(await plain.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
  });
});
