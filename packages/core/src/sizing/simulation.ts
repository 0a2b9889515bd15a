// The contract between `mme plan` and the platform's fleet simulation (@mme/platform/plan): the
// platform runs the emulator's own ModelCache and router over a trace on a simulated clock.
import type { TraceRequest } from "./traffic.js";

export interface SimulatedModel {
  targetModel: string;
  /** Bytes on disk (extracted) and resident once loaded. */
  diskBytes: number;
  memoryBytes: number;
  /** Seconds from cold (downloaded, extracted, loaded), and from disk (loaded only). */
  coldLoadSeconds: number;
  warmLoadSeconds: number;
}

export interface SimulationInput {
  models: SimulatedModel[];
  requests: TraceRequest[];
  instanceCount: number;
  /** Per instance. */
  memoryBytes: number;
  diskBytes: number;
  maxLoadedModels?: number;
  busyThreshold: number;
  /** Seconds the container takes per request once loaded. */
  serviceSeconds: number;
}

export interface SimulationResult {
  requests: number;
  hits: number;
  hitRatio: number;
  /** Loads started (a download or a reload from disk), per simulated hour. */
  coldStartsPerHour: number;
  loads: number;
  downloads: number;
  /** Mean models loaded per instance at the end of the trace. */
  residentModelsPerInstance: number;
  /** Mean ModelLoadingWaitTime over the requests that waited, and over all requests (seconds). */
  meanLoadWaitSeconds: number;
  meanWaitPerRequestSeconds: number;
  durationSeconds: number;
}

export type Simulate = (input: SimulationInput) => Promise<SimulationResult>;
