// C concurrent requests to one cold model: single-flight means one download, one extraction, one load.

import { payloadFor } from "../load/payload-for.js";
import type { StampedeResult } from "../report/schema.js";
import { latencyStats } from "../report/stats.js";
import { modelPhaseCounts } from "../stack/model-metrics.js";
import type { ScenarioContext } from "./context.js";

export async function stampede(ctx: ScenarioContext): Promise<StampedeResult> {
  const kind = ctx.settings.model ?? (ctx.settings.quick ? "small_image" : "resnet50");
  const concurrency = ctx.settings.stampedeConcurrency;
  const key = `${ctx.runId}/stampede/${kind}.tar.gz`;
  await ctx.store.put(key, await ctx.artifacts.tarball(kind));
  const payload = payloadFor(kind);
  ctx.progress(`stampede: ${concurrency} concurrent requests to cold ${kind}`);
  const outcomes = await Promise.all(
    Array.from({ length: concurrency }, () => ctx.emulator.invoke(key, payload)),
  );
  const failed = outcomes.filter((o) => o.error);
  if (failed[0]) ctx.progress(`stampede: ${failed.length} failed, first: ${failed[0].error}`);
  const samples = await ctx.emulator.metrics();
  // A target without per-model metrics (real SageMaker) cannot say how often it loaded: absent, not 0.
  const counts =
    samples.length === 0
      ? { downloads: null, extractions: null, loads: null }
      : modelPhaseCounts(samples, ctx.emulator.endpointName, key);
  const latency = latencyStats(outcomes.map((o) => o.ms));
  return {
    scenario: "stampede",
    model: kind,
    concurrency,
    ...counts,
    latencyMs: latency,
    spreadMs: latency.max - latency.min,
    errors: failed.length,
  };
}
