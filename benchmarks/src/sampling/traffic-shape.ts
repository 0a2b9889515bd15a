// Which model each request of an open-loop step targets: `zipf:S`, `top-n:N/PCT` (N hot models take PCT %
// of the traffic, the rest share what is left, as the AWS samples' MME Locust tests send ~89 % to 11 of
// 990 models), `uniform`, or `trace:FILE` (JSON lines {"time", "targetModel"}, `mme plan`'s trace format, so
// a day recorded from the emulator's debug log replays here: its models, their order and its bursts).

import { readFile } from "node:fs/promises";
import { parseTrace } from "@mme/core";
import { WeightedSampler } from "./weighted.js";
import { zipfWeights } from "./zipf.js";

export type TrafficShape =
  | { kind: "zipf"; s: number }
  | { kind: "top-n"; n: number; percent: number }
  | { kind: "uniform" }
  | { kind: "trace"; file: string };

export const TRAFFIC_SYNTAX = "zipf:S | top-n:N/PCT | uniform | trace:FILE";

/** The shape named by `--traffic`; throws a one-line reason when it does not parse. */
export function parseTrafficShape(text: string): TrafficShape {
  if (text === "uniform") return { kind: "uniform" };
  const zipf = /^zipf:(\d+(?:\.\d+)?)$/.exec(text);
  if (zipf) return { kind: "zipf", s: Number(zipf[1]) };
  const top = /^top-n:(\d+)\/(\d+(?:\.\d+)?)$/.exec(text);
  if (top) {
    const percent = Number(top[2]);
    if (Number(top[1]) < 1 || percent > 100)
      throw new Error(`top-n:N/PCT needs N ≥ 1 and PCT ≤ 100, got ${text}`);
    return { kind: "top-n", n: Number(top[1]), percent };
  }
  if (text.startsWith("trace:") && text.length > 6) return { kind: "trace", file: text.slice(6) };
  throw new Error(`expected ${TRAFFIC_SYNTAX}, got "${text}"`);
}

export function describeTraffic(shape: TrafficShape): string {
  switch (shape.kind) {
    case "zipf":
      return `zipf:${shape.s}`;
    case "top-n":
      return `top-n:${shape.n}/${shape.percent}`;
    case "uniform":
      return "uniform";
    case "trace":
      return `trace:${shape.file}`;
  }
}

/** The weight of each of `models` models under a synthetic shape (index 0 hottest). */
export function shapeWeights(shape: Exclude<TrafficShape, { kind: "trace" }>, models: number): number[] {
  switch (shape.kind) {
    case "zipf":
      return zipfWeights(models, shape.s);
    case "uniform":
      return Array.from({ length: models }, () => 1);
    case "top-n": {
      const hot = Math.min(shape.n, models);
      const cold = models - hot;
      // With every model hot, the whole traffic is theirs.
      const hotShare = cold === 0 ? 1 : shape.percent / 100;
      return Array.from({ length: models }, (_, i) => (i < hot ? hotShare / hot : (1 - hotShare) / cold));
    }
  }
}

/** A trace as the bench replays it: each request's model as an index into its distinct models, and times. */
export interface TraceTraffic {
  /** Distinct target models, in order of first appearance. */
  models: string[];
  /** Per request, the index of its model. */
  targets: number[];
  /** Per request, seconds from the trace's start (sorted). */
  timesS: number[];
}

export async function readTraceTraffic(file: string): Promise<TraceTraffic> {
  const requests = parseTrace(await readFile(file, "utf8"), file);
  if (requests.length === 0) throw new Error(`${file}: no requests in the trace`);
  const index = new Map<string, number>();
  const targets = requests.map((r) => {
    let i = index.get(r.targetModel);
    if (i === undefined) {
      i = index.size;
      index.set(r.targetModel, i);
    }
    return i;
  });
  return { models: [...index.keys()], targets, timesS: requests.map((r) => r.time) };
}

/** The model index of each next request: drawn from a synthetic shape, or the trace's in order, looping. */
export function targetSequence(
  shape: TrafficShape,
  models: number,
  seed: number,
  trace: TraceTraffic | null,
): () => number {
  if (shape.kind === "trace") {
    if (!trace) throw new Error("a trace shape needs its trace read first");
    let i = 0;
    return () => trace.targets[i++ % trace.targets.length] ?? 0;
  }
  const sampler = new WeightedSampler(shapeWeights(shape, models), seed);
  return () => sampler.next();
}
