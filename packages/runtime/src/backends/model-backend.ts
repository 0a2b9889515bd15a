import type { Tensor } from "@mme/core/kserve";

export interface BackendHealth {
  state: "READY" | "UNAVAILABLE";
  reason?: string;
}

/** One loaded model, whatever runs it. */
export interface ModelBackend {
  /** Runs one request. `outputNames` is already validated against the config. */
  infer(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]>;
  /** Estimated resident bytes (see each backend for how). */
  memoryBytes(): number;
  health(): BackendHealth;
  /** Brings an UNAVAILABLE backend back (e.g. restarts crashed workers). */
  recover(): Promise<void>;
  close(): Promise<void>;
}
