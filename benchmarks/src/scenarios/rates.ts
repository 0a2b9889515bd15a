// A scenario's models driven open-loop (--rate, --slo): one stable step per rate, requests to the traffic
// shape's models, latency from each request's scheduled time; with --slo, a search for the highest rate that
// meets it with zero errors, as invocations per minute and cost per million on the endpoint's instances.
import { OFFLINE_PRICES, OFFLINE_PRICES_DATE } from "@mme/core";
import type { EncodedBody } from "@mme/core/kserve";
import { arrivalSchedule, traceSchedule } from "../load/arrivals.js";
import { runOpenLoop } from "../load/open-loop-run.js";
import { searchSloRate } from "../load/slo-search.js";
import { coldWarm } from "../report/cold-warm.js";
import type { RateStep, RatesResult, SloResult } from "../report/schema.js";
import {
  describeTraffic,
  type TraceTraffic,
  type TrafficShape,
  targetSequence,
} from "../sampling/traffic-shape.js";
import type { OpenLoopSettings, ScenarioContext } from "./context.js";

/** The instance the cost is for when neither the flags nor DescribeEndpoint name one (the embedded stack). */
const DEFAULT_INSTANCE_TYPE = "ml.m5.xlarge";

export interface RateTarget {
  of: RatesResult["of"];
  model: string;
  endpointName: string;
  /** The target model of each model index the traffic draws. */
  keys: readonly string[];
  payload: EncodedBody;
  traffic: TrafficShape;
  /** The trace of a `trace:FILE` shape, read. */
  trace: TraceTraffic | null;
}

export async function rateSweep(ctx: ScenarioContext, target: RateTarget): Promise<RatesResult> {
  const open = ctx.settings.openLoop;
  if (!open) throw new Error("rate steps need --rate or --slo");
  const signed = await ctx.emulator.loadHeaders(target.payload, target.keys, target.endpointName);
  const steps: RateStep[] = [];
  try {
    const step = async (rate: number) => {
      const s = await rateStep(ctx, target, open, rate, (key) => signed.headersFor(key));
      steps.push(s);
      return s;
    };
    for (const rate of open.rates) await step(rate);
    const slo = open.slo ? await sloSearch(ctx, target, open, steps, step) : null;
    const { windows } = ctx.settings;
    return {
      scenario: "rates",
      of: target.of,
      model: target.model,
      endpointName: target.endpointName,
      traffic: describeTraffic(target.traffic),
      models: target.keys.length,
      arrivals: target.trace ? "trace" : open.arrivals,
      maxInFlight: open.maxInFlight,
      windowS: windows.windowS,
      stepLimitS: windows.limitS,
      tolerance: windows.tolerance,
      steps,
      slo,
    };
  } finally {
    await signed.stop();
  }
}

async function rateStep(
  ctx: ScenarioContext,
  target: RateTarget,
  open: OpenLoopSettings,
  rate: number,
  headersFor: (key: string) => Record<string, string>,
): Promise<RateStep> {
  const { settings } = ctx;
  const label = `${target.of} open loop @${rate}/s (${describeTraffic(target.traffic)}, ${target.keys.length} models)`;
  ctx.progress(`${label}: windows of ${settings.windows.windowS} s, up to ${settings.windows.limitS} s`);
  const nextTarget = targetSequence(target.traffic, target.keys.length, settings.seed, target.trace);
  const before = await ctx.cacheCounters.read(target.endpointName);
  const result = await runOpenLoop({
    url: ctx.emulator.invocationsUrl(target.endpointName),
    body: target.payload.body,
    nextHeaders: () => headersFor(target.keys[nextTarget()] ?? ""),
    schedule: target.trace
      ? traceSchedule(target.trace.timesS, rate)
      : arrivalSchedule(open.arrivals, rate, settings.seed),
    maxInFlight: open.maxInFlight,
    windows: settings.windows,
    onWindow: (index, f) =>
      ctx.progress(
        `${label}: window ${index + 1}: ${f.throughput.toFixed(1)}/s, mean ${f.latencyMs.toFixed(1)} ms`,
      ),
  });
  const after = await ctx.cacheCounters.read(target.endpointName);
  const lookups = before && after ? after.lookups - before.lookups : 0;
  const hitRatio = before && after && lookups > 0 ? (after.hits - before.hits) / lookups : null;
  const split = coldWarm(result.latency, result.marked, hitRatio);
  const latencyMs = { ...result.latency.stats(), p95: result.latency.percentileMs(95) };
  const errors = Object.values(result.errors).reduce((a, b) => a + b, 0);
  const meetsSlo = open.slo
    ? result.sent > 0 &&
      errors === 0 &&
      result.ok === result.sent &&
      latencyMs[open.slo.percentile] <= open.slo.thresholdMs
    : null;
  const step: RateStep = {
    rate,
    sent: result.sent,
    answered: result.answered,
    throughput: result.measuredS > 0 ? result.ok / result.measuredS : 0,
    latencyMs,
    stable: result.stable,
    windows: result.windows,
    maxInFlightBound: result.maxInFlightBound,
    errors: result.errors,
    hitRatio,
    coldShare: split.coldShare,
    warmLatencyMs: split.warm,
    coldLatencyMs: split.cold,
    coldWarmSource: split.source,
    meetsSlo,
  };
  ctx.progress(
    `${label}: sent ${step.sent}, answered ${step.answered}, p50 ${latencyMs.p50.toFixed(1)} ms, ` +
      `p99 ${latencyMs.p99.toFixed(1)} ms, ${step.stable ? "stable" : "NOT stable"}` +
      (step.maxInFlightBound > 0
        ? `, ${step.maxInFlightBound} waited for --max-in-flight ${open.maxInFlight}`
        : "") +
      (errors > 0 ? `, errors ${JSON.stringify(result.errors)}` : "") +
      (meetsSlo === null ? "" : meetsSlo ? ", meets the SLO" : ", misses the SLO"),
  );
  return step;
}

async function sloSearch(
  ctx: ScenarioContext,
  target: RateTarget,
  open: OpenLoopSettings,
  swept: readonly RateStep[],
  step: (rate: number) => Promise<RateStep>,
): Promise<SloResult> {
  const slo = open.slo;
  if (!slo) throw new Error("no SLO");
  // A rate the sweep already measured is not measured again.
  const measured = new Map<number, RateStep>(swept.map((s) => [s.rate, s]));
  ctx.progress(
    `${target.of}: searching the highest rate with ${slo.percentile} ≤ ${slo.thresholdMs} ms and no errors`,
  );
  const search = await searchSloRate(
    async (rate) => {
      const s = measured.get(rate) ?? (await step(rate));
      measured.set(rate, s);
      return s.meetsSlo === true;
    },
    { startRate: Math.max(...open.rates) },
  );
  // The flags, else what DescribeEndpoint said, else the embedded stack's stand-in.
  const instanceType = open.instanceType ?? ctx.endpointInstances?.instanceType ?? DEFAULT_INSTANCE_TYPE;
  const instanceCount = open.instanceCount ?? ctx.endpointInstances?.instanceCount ?? 1;
  const price = OFFLINE_PRICES[instanceType];
  const best = search.best === null ? null : (measured.get(search.best) ?? null);
  const costPerMillion =
    search.best === null || !price
      ? null
      : ((price.pricePerHour * instanceCount) / (search.best * 3600)) * 1e6;
  return {
    percentile: slo.percentile,
    thresholdMs: slo.thresholdMs,
    rate: search.best,
    invocationsPerMinute: search.best === null ? null : search.best * 60,
    firstMissRate: search.firstMiss,
    step: best,
    instanceType,
    instanceCount,
    pricePerHour: price?.pricePerHour ?? null,
    priceSource: price
      ? `offline table, us-east-1 on demand, ${OFFLINE_PRICES_DATE} (${price.source})`
      : `no offline price for ${instanceType} (pass --instance-type with one the table has)`,
    costPerMillion,
  };
}
