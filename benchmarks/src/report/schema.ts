// The benchmark report: one typed record per scenario, plus the machine, versions and configuration.
// Latencies are milliseconds (with fractions); per-request overheads are microseconds as named.

import { z } from "zod";

export const ScenarioName = z.enum(["cold-start", "warm", "churn", "stampede", "image", "scale"]);
export type ScenarioName = z.infer<typeof ScenarioName>;
export const SCENARIO_NAMES = ScenarioName.options;

export const LatencyStats = z.object({
  min: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});
export type LatencyStats = z.infer<typeof LatencyStats>;

/** One autocannon run: steady load at a fixed connection count. */
export const LoadRun = z.object({
  connections: z.number().int().positive(),
  durationS: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  requestsPerSec: z.number().nonnegative(),
  latencyMs: LatencyStats,
  errors: z.number().int().nonnegative(),
  non2xx: z.number().int().nonnegative(),
  /** Measured in windows (a warm step): whether the last three agreed within the tolerance. */
  stable: z.boolean().optional(),
  /** Windows run, the measured last three included. */
  windows: z.number().int().positive().optional(),
});
export type LoadRun = z.infer<typeof LoadRun>;

export const ColdStartSample = z.object({
  targetModel: z.string(),
  totalMs: z.number().nonnegative(),
  /** From the emulator's per-model metrics; null when the target exposes none. */
  downloadMs: z.number().nonnegative().nullable(),
  extractMs: z.number().nonnegative().nullable(),
  loadMs: z.number().nonnegative().nullable(),
  /** The container's time for the first inference (the emulator's per-model ModelLatency). */
  firstInferenceMs: z.number().nonnegative().nullable(),
});
export type ColdStartSample = z.infer<typeof ColdStartSample>;

export const ColdStartResult = z.object({
  scenario: z.literal("cold-start"),
  model: z.string(),
  tarballBytes: z.number().int().nonnegative(),
  models: z.number().int().positive(),
  firstRequestMs: LatencyStats,
  phasesMs: z.object({
    download: LatencyStats.nullable(),
    extract: LatencyStats.nullable(),
    load: LatencyStats.nullable(),
    firstInference: LatencyStats.nullable(),
  }),
  samples: z.array(ColdStartSample),
  errors: z.number().int().nonnegative(),
});
export type ColdStartResult = z.infer<typeof ColdStartResult>;

/** One round of the emulator's and the direct path's alternating windows (load/paired-stable-load.ts). */
export const WarmRound = z.object({
  /** Null where a side answered nothing in the round's window. */
  throughputRatio: z.number().nullable(),
  overheadMicros: z.number().nullable(),
  addedServiceMicros: z.number().nullable(),
});

export const WarmComparison = z.object({
  connections: z.number().int().positive(),
  emulator: LoadRun,
  /** The same load sent straight to the container (no emulator); null when no direct peer was given. */
  direct: LoadRun.nullable(),
  /** emulator req/s ÷ direct req/s (1 = no overhead): the median of the last three rounds'. */
  throughputRatio: z.number().nonnegative().nullable(),
  /** emulator p50 ÷ direct p50. */
  p50Ratio: z.number().nonnegative().nullable(),
  /** Mean latency added per request by the emulator, in microseconds (emulator mean − direct mean; median of rounds). */
  overheadMicros: z.number().nullable(),
  /** Server time added per request at saturation: 1/emulator req/s − 1/direct req/s, in microseconds (median of rounds). */
  addedServiceMicros: z.number().nullable(),
  /** The alternating windows' rounds, each compared on its own (absent in reports from before they existed). */
  rounds: z.array(WarmRound).optional(),
});
export type WarmComparison = z.infer<typeof WarmComparison>;

export const WarmResult = z.object({
  scenario: z.literal("warm"),
  model: z.string(),
  runs: z.array(WarmComparison),
});
export type WarmResult = z.infer<typeof WarmResult>;

/** One time window of a run: when it ended (s since the start) and its responses' latencies. */
export const LatencyPoint = z.object({
  atS: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  p50: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});
export type LatencyPoint = z.infer<typeof LatencyPoint>;

/** One window of the target's cache counters: when it ended (s since the start), its hit ratio, and RSS. */
export const HitRatioPoint = z.object({
  atS: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  hitRatio: z.number().min(0).max(1),
  /** The emulator's resident set at the window's end; null when it runs elsewhere. */
  rssBytes: z.number().int().nonnegative().nullable(),
});
export type HitRatioPoint = z.infer<typeof HitRatioPoint>;

export const ChurnResult = z.object({
  scenario: z.literal("churn"),
  model: z.string(),
  models: z.number().int().positive(),
  /** Memory budget, as a count of loaded models. */
  capacity: z.number().int().positive(),
  zipfS: z.number().nonnegative(),
  seed: z.number().int(),
  connections: z.number().int().positive(),
  durationS: z.number().nonnegative(),
  requests: z.number().int().nonnegative(),
  requestsPerSec: z.number().nonnegative(),
  latencyMs: LatencyStats,
  /** Measured by the target (ModelCacheHit mean over this run's requests); null when it exposes none. */
  hitRatio: z.number().min(0).max(1).nullable(),
  /** The same trace replayed offline through a perfect LRU of `capacity` entries, one request at a time. */
  idealLruHitRatio: z.number().min(0).max(1),
  /** The trace replayed with this run's concurrency (sampling/concurrent-lru-replay.ts); null at 1 connection. */
  concurrentLruHitRatio: z.number().min(0).max(1).nullable(),
  evictions: z.number().int().nonnegative().nullable(),
  evictionsPerSec: z.number().nonnegative().nullable(),
  errors: z.number().int().nonnegative(),
  /** Resident memory of the emulator process; null when it runs elsewhere. */
  rssStartBytes: z.number().int().nonnegative().nullable(),
  rssEndBytes: z.number().int().nonnegative().nullable(),
  /**
   * RSS drift once warm: median RSS over the run's last quarter minus the median over its second quarter
   * (the first quarter is threads, onnxruntime and the heap growing to their working size); null without RSS.
   */
  rssDriftBytes: z.number().int().nullable(),
  latencyOverTime: z.array(LatencyPoint),
  hitRatioOverTime: z.array(HitRatioPoint),
});
export type ChurnResult = z.infer<typeof ChurnResult>;

export const ScalePhase = z.object({
  /** The Zipf traffic of this phase spans models 0..knownModels-1 of the fleet. */
  knownModels: z.number().int().positive(),
  requests: z.number().int().nonnegative(),
  requestsPerSec: z.number().nonnegative(),
  latencyMs: LatencyStats,
  errors: z.number().int().nonnegative(),
  hitRatio: z.number().min(0).max(1).nullable(),
  /** Steady load on the hottest model after the phase: the per-request cost with this many models known. */
  warm: LoadRun,
  rssBytes: z.number().int().nonnegative().nullable(),
  /** GET /mme/status and GET /metrics response times (ms) and sizes; null on a target without them. */
  statusMs: LatencyStats.nullable(),
  statusBytes: z.number().int().nonnegative().nullable(),
  metricsMs: LatencyStats.nullable(),
  metricsBytes: z.number().int().nonnegative().nullable(),
  latencyOverTime: z.array(LatencyPoint),
  hitRatioOverTime: z.array(HitRatioPoint),
});
export type ScalePhase = z.infer<typeof ScalePhase>;

export const ScaleResult = z.object({
  scenario: z.literal("scale"),
  model: z.string(),
  models: z.number().int().positive(),
  /** The scale endpoint's tiers, in models. */
  memoryModels: z.number().int().positive(),
  diskModels: z.number().int().positive(),
  connections: z.number().int().positive(),
  zipfS: z.number().nonnegative(),
  seed: z.number().int(),
  /** Seconds to generate the fleet's tarballs and to upload them. */
  generateS: z.number().nonnegative(),
  uploadS: z.number().nonnegative(),
  /** A tenth of the models known, then all of them. */
  phases: z.array(ScalePhase).length(2),
  /** Second phase ÷ first (flat = at most 1.1); throughput as first ÷ second, so higher is worse for all. */
  ratios: z.object({
    warmP50: z.number().nonnegative().nullable(),
    warmThroughput: z.number().nonnegative().nullable(),
    rss: z.number().nonnegative().nullable(),
    statusP50: z.number().nonnegative().nullable(),
    metricsP50: z.number().nonnegative().nullable(),
  }),
});
export type ScaleResult = z.infer<typeof ScaleResult>;

export const StampedeResult = z.object({
  scenario: z.literal("stampede"),
  model: z.string(),
  concurrency: z.number().int().positive(),
  /** From the target's per-model metrics; null when it has none (real SageMaker). */
  downloads: z.number().int().nonnegative().nullable(),
  extractions: z.number().int().nonnegative().nullable(),
  loads: z.number().int().nonnegative().nullable(),
  latencyMs: LatencyStats,
  /** Slowest minus fastest response. */
  spreadMs: z.number().nonnegative(),
  errors: z.number().int().nonnegative(),
});
export type StampedeResult = z.infer<typeof StampedeResult>;

export const ImageRun = LoadRun.extend({
  batch: z.number().int().positive(),
  imagesPerSec: z.number().nonnegative(),
  requestBytes: z.number().int().positive(),
});
export type ImageRun = z.infer<typeof ImageRun>;

export const ImageResult = z.object({
  scenario: z.literal("image"),
  model: z.string(),
  runs: z.array(ImageRun),
});
export type ImageResult = z.infer<typeof ImageResult>;

/** Open-loop latencies, from each request's scheduled time. */
export const OpenLoopLatency = LatencyStats.extend({ p95: z.number().nonnegative() });
export type OpenLoopLatency = z.infer<typeof OpenLoopLatency>;

/** Cold (waited for a load) or warm requests' latencies; see report/cold-warm.ts for how they are told apart. */
export const SplitLatency = z.object({ p50: z.number().nonnegative(), p99: z.number().nonnegative() });
export type SplitLatency = z.infer<typeof SplitLatency>;

/**
 * Where a step's cold/warm split came from: each answer's X-Mme-Emulator-Model-Cache mark (the emulator;
 * exact), or the target's ModelCacheHit counters (an estimate).
 */
export const ColdWarmSource = z.enum(["x-mme-emulator-model-cache", "ModelCacheHit"]);
export type ColdWarmSource = z.infer<typeof ColdWarmSource>;

/** One open-loop step at a request rate. */
export const RateStep = z.object({
  /** Requests per second scheduled. */
  rate: z.number().positive(),
  /** Counted over the measured windows (the last three). */
  sent: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  /** Answered with 2xx, per second of measured time. */
  throughput: z.number().nonnegative(),
  latencyMs: OpenLoopLatency,
  stable: z.boolean(),
  windows: z.number().int().nonnegative(),
  /** Requests that waited for a free slot under --max-in-flight (0: the bound never bound). */
  maxInFlightBound: z.number().int().nonnegative(),
  /** Failures by "status ErrorType" ("429 ThrottlingException", "424 ModelError", "network ECONNRESET"). */
  errors: z.record(z.string(), z.number().int().nonnegative()),
  /** ModelCacheHit over the step; null on a target without the counters. */
  hitRatio: z.number().min(0).max(1).nullable(),
  /** Requests that waited for a model load, as a share; null when the target neither marks nor counts them. */
  coldShare: z.number().min(0).max(1).nullable(),
  warmLatencyMs: SplitLatency.nullable(),
  coldLatencyMs: SplitLatency.nullable(),
  /** Where the cold share and the split came from; null for neither (reports before it read as null). */
  coldWarmSource: ColdWarmSource.nullable().default(null),
  /** Whether the step met the --slo (and had no errors); null without one. */
  meetsSlo: z.boolean().nullable(),
});
export type RateStep = z.infer<typeof RateStep>;

export const SloPercentile = z.enum(["p50", "p90", "p95", "p99"]);
export type SloPercentile = z.infer<typeof SloPercentile>;

/** The highest rate found meeting the SLO with zero errors, and what a million invocations cost at it. */
export const SloResult = z.object({
  percentile: SloPercentile,
  thresholdMs: z.number().positive(),
  /** null when even the lowest rate tried missed it. */
  rate: z.number().positive().nullable(),
  invocationsPerMinute: z.number().nonnegative().nullable(),
  /** The lowest rate tried that missed it (null: none missed up to the search's ceiling). */
  firstMissRate: z.number().positive().nullable(),
  step: RateStep.nullable(),
  instanceType: z.string(),
  instanceCount: z.number().int().positive(),
  /** null when the offline table has no price for the instance type. */
  pricePerHour: z.number().nonnegative().nullable(),
  priceSource: z.string(),
  /** USD per million invocations at `rate` on instanceCount × instanceType. */
  costPerMillion: z.number().nonnegative().nullable(),
});
export type SloResult = z.infer<typeof SloResult>;

/** A scenario driven open-loop (--rate / --slo): its rate steps and, with --slo, the search's answer. */
export const RatesResult = z.object({
  scenario: z.literal("rates"),
  /** The scenario whose models and endpoint it drove: warm (one model), churn (its fleet), scale (a phase's models). */
  of: z.enum(["warm", "churn", "scale"]),
  model: z.string(),
  endpointName: z.string(),
  traffic: z.string(),
  models: z.number().int().positive(),
  arrivals: z.string(),
  maxInFlight: z.number().int().positive(),
  windowS: z.number().positive(),
  stepLimitS: z.number().positive(),
  tolerance: z.number().positive(),
  steps: z.array(RateStep),
  slo: SloResult.nullable(),
});
export type RatesResult = z.infer<typeof RatesResult>;

export const ScenarioResult = z.discriminatedUnion("scenario", [
  RatesResult,
  ColdStartResult,
  WarmResult,
  ChurnResult,
  StampedeResult,
  ImageResult,
  ScaleResult,
]);
export type ScenarioResult = z.infer<typeof ScenarioResult>;

export const Machine = z.object({
  hostname: z.string(),
  os: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  memoryBytes: z.number().int().positive(),
  /** 1, 5 and 15-minute load averages when the run started: other work on the machine skews every figure. */
  loadAverage: z.array(z.number().nonnegative()).length(3),
  gpus: z.array(
    z.object({ name: z.string(), memoryMiB: z.number().nullable(), driver: z.string().nullable() }),
  ),
});
export type Machine = z.infer<typeof Machine>;

export const Versions = z.object({
  node: z.string(),
  mme: z.string(),
  gitCommit: z.string().nullable(),
  autocannon: z.string().nullable(),
  onnxruntime: z.string().nullable(),
});
export type Versions = z.infer<typeof Versions>;

export const RunConfig = z.object({
  quick: z.boolean(),
  /** "embedded" when the benchmark started its own emulator, else the emulator URL. */
  target: z.string(),
  endpointName: z.string(),
  scenarios: z.array(ScenarioName),
  durationS: z.number().positive(),
  connections: z.array(z.number().int().positive()),
  seed: z.number().int(),
  model: z.string().nullable(),
});
export type RunConfig = z.infer<typeof RunConfig>;

export const ScenarioFailure = z.object({ scenario: ScenarioName, message: z.string() });
export type ScenarioFailure = z.infer<typeof ScenarioFailure>;

export const BenchReport = z.object({
  schemaVersion: z.literal(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  machine: Machine,
  versions: Versions,
  config: RunConfig,
  /** Load averages when the run ended (beside machine.loadAverage at its start). */
  loadAverageEnd: z.array(z.number().nonnegative()).length(3),
  results: z.array(ScenarioResult),
  failures: z.array(ScenarioFailure),
});
export type BenchReport = z.infer<typeof BenchReport>;
