// M models over a budget of K loaded models, targets drawn from a seeded Zipf(s): the emulator's hit
// ratio next to a perfect LRU replaying exactly the trace that was sent, evictions, errors, RSS.

import { runLoad } from "../load/autocannon-run.js";
import { addSubPayload } from "../load/payloads.js";
import type { ChurnResult } from "../report/schema.js";
import { replayLru } from "../sampling/lru-replay.js";
import { ZipfSampler } from "../sampling/zipf.js";
import { endpointCounters } from "../stack/model-metrics.js";
import { processRss } from "../stack/process-rss.js";
import type { ScenarioContext } from "./context.js";

export async function churn(ctx: ScenarioContext): Promise<ChurnResult> {
  const {
    churnModels: models,
    churnCapacity: capacity,
    zipfS,
    seed,
    churnRequests,
    churnConnections,
  } = ctx.settings;
  if (models <= capacity)
    throw new Error(`churn needs more models (${models}) than memory slots (${capacity})`);
  const tarballs = await ctx.artifacts.fleet(models);
  const keys = tarballs.map((_, i) => `${ctx.runId}/churn/model_${String(i).padStart(4, "0")}.tar.gz`);
  ctx.progress(`churn: uploading ${models} models`);
  for (const [i, key] of keys.entries()) await ctx.store.put(key, tarballs[i] ?? new Uint8Array());

  const endpointName = ctx.churnEndpointName;
  const payload = addSubPayload();
  const sampler = new ZipfSampler({ n: models, s: zipfS, seed });
  const trace: number[] = [];
  const before = endpointCounters(await ctx.emulator.metrics(), endpointName);
  const rssStartBytes = await processRss(ctx.emulatorPid);
  ctx.progress(`churn: ${churnRequests} requests, Zipf s=${zipfS} over ${models} models, ${capacity} slots`);
  const { run } = await runLoad({
    url: ctx.emulator.invocationsUrl(endpointName),
    headers: ctx.emulator.headers(payload, keys[0] ?? ""),
    body: payload.body,
    connections: churnConnections,
    durationS: 0,
    amount: churnRequests,
    nextHeaders: () => {
      const rank = sampler.next();
      trace.push(rank);
      return { "x-amzn-sagemaker-target-model": keys[rank] ?? "" };
    },
  });
  const after = endpointCounters(await ctx.emulator.metrics(), endpointName);
  const rssEndBytes = await processRss(ctx.emulatorPid);
  const lookups = after.cacheLookups - before.cacheLookups;
  const evictions = after.unloads - before.unloads;
  // Only the requests that were answered reached the cache; replay that many from the trace's start.
  const ideal = replayLru(trace.slice(0, Math.max(run.requests, 1)), capacity);
  const hitRatio = lookups === 0 ? 0 : (after.cacheHits - before.cacheHits) / lookups;
  if (hitRatio > ideal.hitRatio + 0.05) {
    ctx.progress(
      `churn: hit ratio ${hitRatio.toFixed(3)} is above a ${capacity}-model LRU's ${ideal.hitRatio.toFixed(3)}: ` +
        `endpoint ${endpointName} holds more than ${capacity} models (set --churn-capacity to its budget)`,
    );
  }
  return {
    scenario: "churn",
    model: "add_sub_onnx",
    models,
    capacity,
    zipfS,
    seed,
    connections: churnConnections,
    durationS: run.durationS,
    requests: run.requests,
    requestsPerSec: run.requestsPerSec,
    latencyMs: run.latencyMs,
    hitRatio,
    idealLruHitRatio: ideal.hitRatio,
    evictions,
    evictionsPerSec: run.durationS > 0 ? evictions / run.durationS : 0,
    errors: run.errors + run.non2xx,
    rssStartBytes,
    rssEndBytes,
  };
}
