// N distinct models never loaded before: the first request to each, split into download / extract /
// load / first inference from the emulator's per-model metrics. Run for a tiny and a large model.

import type { ModelKind } from "@mme/model-registry";
import { payloadFor } from "../load/payload-for.js";
import { onnxCounterpartOf } from "../models/counterparts.js";
import type { ColdStartResult, ColdStartSample } from "../report/schema.js";
import { latencyStats, latencyStatsOf } from "../report/stats.js";
import { modelPhaseMs } from "../stack/model-metrics.js";
import type { ScenarioContext } from "./context.js";

async function tarballsFor(ctx: ScenarioContext, kind: ModelKind, count: number): Promise<Uint8Array[]> {
  // add_sub_onnx: genuinely distinct variants. Large models: the same bytes under distinct keys, which
  // the platform treats as distinct models (it caches by key), without generating 100 MB N times.
  if (kind === "add_sub_onnx") return ctx.artifacts.fleet(count);
  const tarball = await ctx.artifacts.tarball(kind);
  return Array.from({ length: count }, () => tarball);
}

export async function coldStartOf(
  ctx: ScenarioContext,
  kind: ModelKind,
  count: number,
): Promise<ColdStartResult> {
  const tarballs = await tarballsFor(ctx, kind, count);
  const keys = tarballs.map((_, i) => `${ctx.runId}/cold/${kind}_${String(i).padStart(3, "0")}.tar.gz`);
  ctx.progress(`cold-start ${kind}: uploading ${count} models`);
  for (const [i, key] of keys.entries()) await ctx.store.put(key, tarballs[i] ?? new Uint8Array());
  const payload = payloadFor(kind);
  const answered: { key: string; ms: number }[] = [];
  let errors = 0;
  for (const key of keys) {
    const outcome = await ctx.emulator.invoke(key, payload);
    if (outcome.error) {
      errors++;
      ctx.progress(`cold-start ${key}: ${outcome.error}`);
      continue;
    }
    answered.push({ key, ms: outcome.ms });
    ctx.progress(`cold-start ${kind}: ${answered.length}/${count} first request ${outcome.ms.toFixed(1)} ms`);
  }
  // One scrape once every model has answered: a scrape between cold starts (rendering every model's
  // series, then collecting its garbage) lands on the next cold start and adds milliseconds to it.
  const metrics = await ctx.emulator.metrics();
  const samples: ColdStartSample[] = answered.map(({ key, ms }) => {
    const phases = modelPhaseMs(metrics, ctx.emulator.endpointName, key);
    return {
      targetModel: key,
      totalMs: ms,
      downloadMs: phases.downloadMs,
      extractMs: phases.extractMs,
      loadMs: phases.loadMs,
      firstInferenceMs: phases.modelLatencyMs,
    };
  });
  if (samples.length === 0) throw new Error(`every cold start of ${kind} failed (${errors} errors)`);
  return {
    scenario: "cold-start",
    model: kind,
    tarballBytes: tarballs[0]?.byteLength ?? 0,
    models: count,
    firstRequestMs: latencyStats(samples.map((s) => s.totalMs)),
    phasesMs: {
      download: latencyStatsOf(samples.map((s) => s.downloadMs)),
      extract: latencyStatsOf(samples.map((s) => s.extractMs)),
      load: latencyStatsOf(samples.map((s) => s.loadMs)),
      firstInference: latencyStatsOf(samples.map((s) => s.firstInferenceMs)),
    },
    samples,
    errors,
  };
}

/**
 * The scenario's models: --model alone (with its ONNX counterpart, both as large models, when it has
 * one), or the tiny add_sub_onnx and the large image model.
 */
export function coldStartPlan(ctx: ScenarioContext): [ModelKind, number][] {
  const { settings } = ctx;
  const counterpart = onnxCounterpartOf(settings.model);
  if (settings.model && counterpart) {
    return [
      [settings.model, settings.coldStartLargeModels],
      [counterpart, settings.coldStartLargeModels],
    ];
  }
  if (settings.model) return [[settings.model, settings.coldStartModels]];
  return [
    ["add_sub_onnx", settings.coldStartModels],
    [settings.quick ? "small_image" : "resnet50", settings.coldStartLargeModels],
  ];
}
