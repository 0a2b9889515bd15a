// Request traces for `mme plan`: a synthetic one (Poisson arrivals at a rate, models drawn by a Zipf law
// over their rank), or one read from JSON lines {"time": seconds | ISO date, "targetModel": key}, such as
// the emulator's own debug log (`--log-level debug`: its "routed" lines carry pino's epoch-ms time).
import { UsageError } from "../errors/index.js";

export interface TraceRequest {
  /** Seconds from the start of the trace. */
  time: number;
  targetModel: string;
}

export interface SyntheticTraffic {
  /** Models, most popular first. */
  models: string[];
  rps: number;
  /** Zipf exponent: 0 = uniform, 1 = classic Zipf; larger = hotter head. */
  zipfS: number;
  durationSeconds: number;
  seed: number;
}

export function syntheticTrace(traffic: SyntheticTraffic): TraceRequest[] {
  const random = mulberry32(traffic.seed);
  const weights = traffic.models.map((_, rank) => 1 / (rank + 1) ** traffic.zipfS);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const w of weights) {
    running += w / total;
    cumulative.push(running);
  }
  const requests: TraceRequest[] = [];
  let time = 0;
  for (;;) {
    time += -Math.log(1 - random()) / traffic.rps;
    if (time >= traffic.durationSeconds) break;
    const draw = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < draw) lo = mid + 1;
      else hi = mid;
    }
    requests.push({ time, targetModel: traffic.models[lo]! });
  }
  return requests;
}

/** Epoch times past this are pino's milliseconds, not seconds (2001-09-09 in ms; 3170 AD in seconds). */
const EPOCH_MS_FROM = 1e12;

/**
 * JSON lines, one request each; times are seconds, epoch milliseconds or ISO dates, rebased to start at 0
 * and sorted. Other lines of an emulator log (plain text, pino lines without a targetModel) are skipped.
 */
export function parseTrace(text: string, file: string): TraceRequest[] {
  const raw: { time: number; targetModel: string }[] = [];
  text.split("\n").forEach((line, i) => {
    // Blank lines, and the plain-text lines an emulator log has besides pino's JSON, are not requests.
    if (!line.trimStart().startsWith("{")) return;
    let entry: { time?: unknown; targetModel?: unknown; level?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not a JSON object`);
    }
    if (entry.level !== undefined && entry.targetModel === undefined) return;
    const numeric = Number(entry.time);
    const time =
      typeof entry.time === "string"
        ? Date.parse(entry.time) / 1000
        : numeric >= EPOCH_MS_FROM
          ? numeric / 1000
          : numeric;
    if (!Number.isFinite(time) || typeof entry.targetModel !== "string" || entry.targetModel === "") {
      throw new UsageError(`${file}:${i + 1}: need {"time": seconds or ISO date, "targetModel": "<key>"}`);
    }
    raw.push({ time, targetModel: entry.targetModel });
  });
  if (raw.length === 0) throw new UsageError(`${file} holds no requests`);
  raw.sort((a, b) => a.time - b.time);
  const start = raw[0]!.time;
  return raw.map((r) => ({ time: r.time - start, targetModel: r.targetModel }));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
