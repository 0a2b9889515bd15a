// M models over a budget of K loaded models, targets drawn from a seeded Zipf(s), once per connection count:
// the emulator's hit ratio next to a perfect LRU replaying exactly the trace that was sent (and, with more
// than one connection, next to a replay that sees the requests as concurrently as the run did), evictions,
// errors, RSS, and latency and hit ratio over time.
import { runLoad } from "../load/autocannon-run.js";
import { addSubPayload } from "../load/payloads.js";
import type { ChurnResult, RatesResult } from "../report/schema.js";
import { replayConcurrentLru } from "../sampling/concurrent-lru-replay.js";
import { replayLru } from "../sampling/lru-replay.js";
import { readTraceTraffic } from "../sampling/traffic-shape.js";
import { ZipfSampler } from "../sampling/zipf.js";
import { processRss } from "../stack/process-rss.js";
import type { ScenarioContext } from "./context.js";
import { rateSweep } from "./rates.js";
import { hitRatioTimeline, latencyTimeline, rssDrift, watchCacheCounters } from "./timeline.js";

export async function churn(ctx: ScenarioContext): Promise<(ChurnResult | RatesResult)[]> {
  if (ctx.settings.openLoop) return [await churnRates(ctx)];
  const results: ChurnResult[] = [];
  for (const connections of ctx.settings.churnConnections) results.push(await churnAt(ctx, connections));
  return results;
}

/** Open loop: the fleet under the traffic shape at each rate, on the churn endpoint (cache state carries over). */
async function churnRates(ctx: ScenarioContext): Promise<RatesResult> {
  const traffic = ctx.settings.openLoop?.traffic ?? { kind: "zipf", s: ctx.settings.zipfS };
  const trace = traffic.kind === "trace" ? await readTraceTraffic(traffic.file) : null;
  const models = trace ? trace.models.length : ctx.settings.churnModels;
  const tarballs = await ctx.artifacts.fleet(models);
  const keys = tarballs.map((_, i) => `${ctx.runId}/churn-rates/model_${String(i).padStart(4, "0")}.tar.gz`);
  ctx.progress(`churn open loop: uploading ${models} models`);
  await ctx.store.putAll(keys.map((key, i) => [key, tarballs[i] ?? new Uint8Array()]));
  return rateSweep(ctx, {
    of: "churn",
    model: "add_sub_onnx",
    endpointName: ctx.churnEndpointName,
    keys,
    payload: addSubPayload(),
    traffic,
    trace,
  });
}

async function churnAt(ctx: ScenarioContext, connections: number): Promise<ChurnResult> {
  const { churnModels: models, churnCapacity: capacity, zipfS, seed, churnRequests } = ctx.settings;
  if (models <= capacity)
    throw new Error(`churn needs more models (${models}) than memory slots (${capacity})`);
  const tarballs = await ctx.artifacts.fleet(models);
  // Keys of their own per connection count: each run starts with every model cold.
  const keys = tarballs.map(
    (_, i) => `${ctx.runId}/churn-c${connections}/model_${String(i).padStart(4, "0")}.tar.gz`,
  );
  ctx.progress(`churn @${connections}: uploading ${models} models`);
  await ctx.store.putAll(keys.map((key, i) => [key, tarballs[i] ?? new Uint8Array()]));
  const endpointName = ctx.churnEndpointName;
  const payload = addSubPayload();
  const sampler = new ZipfSampler({ n: models, s: zipfS, seed });
  const trace: number[] = [];
  const rssStartBytes = await processRss(ctx.emulatorPid);
  ctx.progress(
    `churn @${connections}: ${churnRequests} requests, Zipf s=${zipfS} over ${models} models, ${capacity} slots`,
  );
  const signed = await ctx.emulator.loadHeaders(payload, keys, endpointName);
  const watch = await watchCacheCounters(ctx, endpointName);
  const { run, timeline } = await runLoad({
    url: ctx.emulator.invocationsUrl(endpointName),
    headers: signed.headersFor(keys[0] ?? ""),
    body: payload.body,
    connections,
    durationS: 0,
    amount: churnRequests,
    timeline: true,
    nextHeaders: () => {
      const rank = sampler.next();
      trace.push(rank);
      return signed.headersFor(keys[rank] ?? "");
    },
  });
  await signed.stop();
  const counters = await watch.stop();
  const rssEndBytes = await processRss(ctx.emulatorPid);
  // Only the requests that were answered reached the cache; replay that many from the trace's start.
  const answered = trace.slice(0, Math.max(run.requests, 1));
  const ideal = replayLru(answered, capacity);
  const hitRatio = counters.total ? counters.total.hitRatio : null;
  const concurrent =
    connections > 1
      ? replayConcurrentLru(
          answered,
          capacity,
          connections,
          costsOf(
            timeline.map((p) => p.latencyMs),
            hitRatio ?? ideal.hitRatio,
          ),
        )
      : null;
  const hitRatioOverTime = hitRatioTimeline(counters.points);
  if (hitRatio !== null && hitRatio > ideal.hitRatio + 0.05) {
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
    connections,
    durationS: run.durationS,
    requests: run.requests,
    requestsPerSec: run.requestsPerSec,
    latencyMs: run.latencyMs,
    hitRatio,
    idealLruHitRatio: ideal.hitRatio,
    concurrentLruHitRatio: concurrent?.hitRatio ?? null,
    evictions: counters.total?.unloads ?? null,
    evictionsPerSec: counters.total && run.durationS > 0 ? counters.total.unloads / run.durationS : null,
    errors: run.errors + run.non2xx,
    rssStartBytes,
    rssEndBytes,
    rssDriftBytes: rssDrift(hitRatioOverTime),
    latencyOverTime: latencyTimeline(timeline),
    hitRatioOverTime,
  };
}

/**
 * What a hit and a miss cost in this run, for the concurrent replay: with a fraction h of hits, the fastest
 * h of the responses are taken as the hits (their mean is a hit's cost) and the rest as the misses. Only the
 * ratio of the two matters to the replay.
 */
function costsOf(latenciesMs: readonly number[], hitRatio: number) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const split = Math.min(sorted.length - 1, Math.max(1, Math.round(hitRatio * sorted.length)));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const hitMs = Math.max(mean(sorted.slice(0, split)), 0.001);
  return { hitMs, missMs: Math.max(hitMs, mean(sorted.slice(split))) };
}
