// Thousands of models behind one endpoint: a fleet of distinct small models under the prefix (generation and
// upload timed), Zipf traffic first over a tenth of them, then over all of them, on an endpoint whose memory
// tier holds a few hundred and whose disk tier holds fewer than the tenth (so both phases run with full tiers
// and differ only in how many models the endpoint has seen). After each phase: a warm probe on the hottest
// model (the per-request cost), the emulator's RSS, and the response times of /mme/status and /metrics.
// Flat means the second phase's figures within 1.1 × the first's.
import { runLoad } from "../load/autocannon-run.js";
import { addSubPayload } from "../load/payloads.js";
import type { RatesResult, ScalePhase, ScaleResult } from "../report/schema.js";
import { latencyStats } from "../report/stats.js";
import { ZipfSampler } from "../sampling/zipf.js";
import { processRss } from "../stack/process-rss.js";
import type { ScenarioContext } from "./context.js";
import { rateSweep } from "./rates.js";
import { hitRatioTimeline, latencyTimeline, watchCacheCounters } from "./timeline.js";

const PROBE_FETCHES = 10;

export async function scale(ctx: ScenarioContext): Promise<(ScaleResult | RatesResult)[]> {
  const { scaleModels: models, scaleRequests, zipfS, seed, scaleConnections: connections } = ctx.settings;
  const endpointName = ctx.scaleEndpoint.name;
  let started = performance.now();
  const tarballs = await ctx.artifacts.fleet(models);
  const generateS = (performance.now() - started) / 1000;
  const keys = tarballs.map((_, i) => `${ctx.runId}/scale/model_${String(i).padStart(5, "0")}.tar.gz`);
  ctx.progress(`scale: uploading ${models} models`);
  started = performance.now();
  await ctx.store.putAll(keys.map((key, i) => [key, tarballs[i] ?? new Uint8Array()]));
  const uploadS = (performance.now() - started) / 1000;
  ctx.progress(`scale: generated in ${generateS.toFixed(1)} s, uploaded in ${uploadS.toFixed(1)} s`);
  const payload = addSubPayload();
  const phaseSizes = [Math.max(1, Math.round(models / 10)), models];
  const open = ctx.settings.openLoop;
  if (open) {
    // Open loop: a rate sweep per phase, the traffic shape over the models known (a trace's own fleet does not
    // apply here: its shape falls back to the Zipf of --zipf-s).
    const traffic = open.traffic.kind === "trace" ? { kind: "zipf" as const, s: zipfS } : open.traffic;
    const sweeps: RatesResult[] = [];
    for (const known of phaseSizes) {
      sweeps.push(
        await rateSweep(ctx, {
          of: "scale",
          model: "add_sub_onnx",
          endpointName,
          keys: keys.slice(0, known),
          payload,
          traffic,
          trace: null,
        }),
      );
    }
    return sweeps;
  }
  const phases: ScalePhase[] = [];
  for (const known of phaseSizes) {
    ctx.progress(`scale: ${scaleRequests} requests, Zipf s=${zipfS} over ${known} models`);
    const sampler = new ZipfSampler({ n: known, s: zipfS, seed });
    const signed = await ctx.emulator.loadHeaders(payload, keys.slice(0, known), endpointName);
    const watch = await watchCacheCounters(ctx, endpointName);
    const { run, timeline } = await runLoad({
      url: ctx.emulator.invocationsUrl(endpointName),
      headers: signed.headersFor(keys[0] ?? ""),
      body: payload.body,
      connections,
      durationS: 0,
      amount: scaleRequests,
      timeline: true,
      nextHeaders: () => signed.headersFor(keys[sampler.next()] ?? ""),
    });
    const counters = await watch.stop();
    const warm = (
      await runLoad({
        url: ctx.emulator.invocationsUrl(endpointName),
        headers: signed.headersFor(keys[0] ?? ""),
        body: payload.body,
        connections,
        durationS: ctx.settings.quick ? 1 : 3,
      })
    ).run;
    await signed.stop();
    const status = await probe(() => ctx.emulator.timedGet("/mme/status"));
    const metrics = await probe(() => ctx.emulator.timedGet("/metrics"));
    phases.push({
      knownModels: known,
      requests: run.requests,
      requestsPerSec: run.requestsPerSec,
      latencyMs: run.latencyMs,
      errors: run.errors + run.non2xx,
      hitRatio: counters.total?.hitRatio ?? null,
      warm,
      rssBytes: await processRss(ctx.emulatorPid),
      statusMs: status?.ms ?? null,
      statusBytes: status?.bytes ?? null,
      metricsMs: metrics?.ms ?? null,
      metricsBytes: metrics?.bytes ?? null,
      latencyOverTime: latencyTimeline(timeline),
      hitRatioOverTime: hitRatioTimeline(counters.points),
    });
  }
  const [few, all] = phases as [ScalePhase, ScalePhase];
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null || a === 0 ? null : b / a;
  return [
    {
      scenario: "scale",
      model: "add_sub_onnx",
      models,
      memoryModels: ctx.scaleEndpoint.memoryModels,
      diskModels: ctx.scaleEndpoint.diskModels,
      connections,
      zipfS,
      seed,
      generateS,
      uploadS,
      phases,
      ratios: {
        warmP50: ratio(few.warm.latencyMs.p50, all.warm.latencyMs.p50),
        warmThroughput: ratio(all.warm.requestsPerSec, few.warm.requestsPerSec),
        rss: ratio(few.rssBytes, all.rssBytes),
        statusP50: ratio(few.statusMs?.p50, all.statusMs?.p50),
        metricsP50: ratio(few.metricsMs?.p50, all.metricsMs?.p50),
      },
    },
  ];
}

/** PROBE_FETCHES timed GETs; null when the target has no such route (real SageMaker). */
async function probe(get: () => Promise<{ ms: number; bytes: number } | null>) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < PROBE_FETCHES; i++) {
    const result = await get();
    if (!result) return null;
    times.push(result.ms);
    bytes = result.bytes;
  }
  return { ms: latencyStats(times), bytes };
}
