// Figures over time for the churn and scale charts: latency per time window from the responses, and hit
// ratio per window from the cache counters read while the load runs.
import type { ResponsePoint } from "../load/autocannon-run.js";
import type { HitRatioPoint, LatencyPoint } from "../report/schema.js";
import { latencyStats } from "../report/stats.js";
import type { CacheCounters } from "../stack/cache-counters.js";
import { processRss } from "../stack/process-rss.js";
import type { ScenarioContext } from "./context.js";

/** Windows per chart: enough to see a cold-start spike, few enough to keep the report small. */
const WINDOWS = 60;
const POLL_MS = 500;

export function latencyTimeline(points: readonly ResponsePoint[]): LatencyPoint[] {
  if (points.length === 0) return [];
  const endMs = Math.max(...points.map((p) => p.atMs));
  const width = Math.max(endMs / WINDOWS, 1);
  const windows: number[][] = Array.from({ length: WINDOWS }, () => []);
  for (const p of points) windows[Math.min(WINDOWS - 1, Math.floor(p.atMs / width))]?.push(p.latencyMs);
  return windows.flatMap((samples, i) => {
    if (samples.length === 0) return [];
    const { p50, p99, max } = latencyStats(samples);
    return [{ atS: ((i + 1) * width) / 1000, requests: samples.length, p50, p99, max }];
  });
}

interface CounterPoint {
  atMs: number;
  counters: CacheCounters;
  /** The emulator's resident set then, when it runs here. */
  rssBytes: number | null;
}

export function hitRatioTimeline(points: readonly CounterPoint[]): HitRatioPoint[] {
  const out: HitRatioPoint[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!.counters;
    const b = points[i]!.counters;
    const lookups = b.lookups - a.lookups;
    if (lookups <= 0) continue;
    out.push({
      atS: points[i]!.atMs / 1000,
      requests: lookups,
      hitRatio: (b.hits - a.hits) / lookups,
      rssBytes: points[i]!.rssBytes,
    });
  }
  return out;
}

export interface CounterWatch {
  /** Stops polling; `total` is the whole run's delta, null when the target has no counters. */
  stop(): Promise<{ points: CounterPoint[]; total: (CacheCounters & { hitRatio: number }) | null }>;
}

/** Reads the endpoint's cache counters now and every POLL_MS until stop(). */
export async function watchCacheCounters(ctx: ScenarioContext, endpointName: string): Promise<CounterWatch> {
  const started = performance.now();
  const first = await ctx.cacheCounters.read(endpointName);
  const points: CounterPoint[] = first
    ? [{ atMs: 0, counters: first, rssBytes: await processRss(ctx.emulatorPid) }]
    : [];
  let polling: Promise<void> = Promise.resolve();
  const timer = first
    ? setInterval(() => {
        polling = polling.then(async () => {
          const counters = await ctx.cacheCounters.read(endpointName).catch(() => null);
          const rssBytes = await processRss(ctx.emulatorPid);
          if (counters) points.push({ atMs: performance.now() - started, counters, rssBytes });
        });
      }, POLL_MS)
    : undefined;
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      if (!first) return { points, total: null };
      const last = await ctx.cacheCounters.read(endpointName);
      if (!last) return { points, total: null };
      points.push({
        atMs: performance.now() - started,
        counters: last,
        rssBytes: await processRss(ctx.emulatorPid),
      });
      const lookups = last.lookups - first.lookups;
      const hits = last.hits - first.hits;
      return {
        points,
        total: {
          lookups,
          hits,
          unloads: last.unloads - first.unloads,
          loads: last.loads - first.loads,
          hitRatio: lookups === 0 ? 0 : hits / lookups,
        },
      };
    },
  };
}

/** Median RSS of the last quarter of the windows minus the median of the second quarter; see ChurnResult. */
export function rssDrift(points: readonly HitRatioPoint[]): number | null {
  const rss = points.map((p) => p.rssBytes).filter((v): v is number => v !== null);
  if (rss.length < 8) return null;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const quarter = Math.floor(rss.length / 4);
  return median(rss.slice(rss.length - quarter)) - median(rss.slice(quarter, 2 * quarter));
}
