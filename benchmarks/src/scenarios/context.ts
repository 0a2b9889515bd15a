// What every scenario gets: where to send requests, how to seed models, the run's options.

import type { ModelKind } from "@mme/model-registry";
import type { Arrivals } from "../load/arrivals.js";
import type { StepWindows } from "../load/stability.js";
import type { ModelArtifacts } from "../models/model-artifacts.js";
import type { ScenarioResult, SloPercentile } from "../report/schema.js";
import type { TrafficShape } from "../sampling/traffic-shape.js";
import type { CacheCounterSource } from "../stack/cache-counters.js";
import type { DirectContainer } from "../stack/direct-container.js";
import type { EmulatorClient } from "../stack/emulator-client.js";
import type { ModelStore } from "../stack/model-store.js";

/** --rate / --slo: the warm and churn scenarios run open-loop rate steps instead of connection counts. */
export interface OpenLoopSettings {
  /** Requests per second, one step each (with --slo and no --rate: the search's first rate). */
  rates: number[];
  arrivals: Arrivals;
  maxInFlight: number;
  /** The churn fleet's traffic (warm drives its one model). */
  traffic: TrafficShape;
  slo: { percentile: SloPercentile; thresholdMs: number } | null;
  /** What the endpoint runs on, for the cost per million (the price table `mme plan` uses); null: not given. */
  instanceType: string | null;
  instanceCount: number | null;
}

export interface ScenarioSettings {
  quick: boolean;
  /** Seconds per load step: the time limit of a step measured in windows (warm, rate steps). */
  durationS: number;
  /** How warm and rate steps are measured: windows until three agree, at most durationS. */
  windows: StepWindows;
  /** Null: closed loops (connection counts). */
  openLoop: OpenLoopSettings | null;
  connections: number[];
  seed: number;
  /** --model: the model of cold-start, warm and stampede (and image, when it is an image model). */
  model: ModelKind | null;
  coldStartModels: number;
  coldStartLargeModels: number;
  stampedeConcurrency: number;
  churnModels: number;
  churnCapacity: number;
  churnRequests: number;
  /** The churn scenario runs once per count. */
  churnConnections: number[];
  zipfS: number;
  imageConnections: number;
  /** Distinct models in the scale fleet. */
  scaleModels: number;
  /** Requests per scale phase. */
  scaleRequests: number;
  scaleConnections: number;
}

export interface EndpointInstances {
  instanceType: string;
  instanceCount: number;
}

/** The endpoint the scale scenario drives, and its tiers in models. */
export interface ScaleEndpoint {
  name: string;
  memoryModels: number;
  diskModels: number;
}

export interface ScenarioContext {
  settings: ScenarioSettings;
  emulator: EmulatorClient;
  /** The endpoint whose memory budget is `churnCapacity` models (its own, so other scenarios don't touch it). */
  churnEndpointName: string;
  scaleEndpoint: ScaleEndpoint;
  store: ModelStore;
  /** The endpoints' cache counters (hits, lookups, unloads), or none on a target without them. */
  cacheCounters: CacheCounterSource;
  artifacts: ModelArtifacts;
  /** The container without the emulator in front, for the warm comparison; null when none. */
  direct: DirectContainer | null;
  /** The warm model's folder as the direct container sees it (--direct-model-dir); null: generate one here. */
  directModelDir: string | null;
  /** The endpoint's instances as DescribeEndpoint reports them (a SageMaker target); null when not described. */
  endpointInstances: EndpointInstances | null;
  /** The emulator's pid when it runs on this machine (for RSS); null otherwise. */
  emulatorPid: number | null;
  /** A key prefix unique to this run, so every model is cold the first time. */
  runId: string;
  progress(message: string): void;
}

/** A scenario yields one record per model it measured (cold-start measures two). */
export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult[]>;
