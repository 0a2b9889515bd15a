// Which instance of a variant serves a request. AWS describes MME routing but does not publish its
// algorithm ("routes requests for a model to the instance where the model is already loaded"; a model
// that gets many requests is "routed to another instance", which loads it too). The emulator's policy:
//   1. Affinity: among instances holding the model (loaded, or loading for a request in flight), the
//      one with the fewest requests in flight, if that is below the busy threshold.
//   2. Spill-over / cold: otherwise the least loaded instance: fewest requests in flight, then one that
//      already holds the model, then fewest loaded models, then the oldest instance.
// So a hot model spreads to as many instances as its concurrency needs, and cold models spread evenly.

export interface InstanceView {
  /** The model is loaded on this instance, or being loaded there. */
  holds: boolean;
  inFlight: number;
  loadedModels: number;
}

/** In-flight requests at which an instance holding the model counts as busy. */
export const DEFAULT_BUSY_THRESHOLD = 4;

/** Index of the instance to route to; views must not be empty. */
export function chooseInstance(views: readonly InstanceView[], busyThreshold: number): number {
  let affinity = -1;
  for (let i = 0; i < views.length; i++) {
    const view = views[i]!;
    if (view.holds && (affinity < 0 || view.inFlight < views[affinity]!.inFlight)) affinity = i;
  }
  if (affinity >= 0 && views[affinity]!.inFlight < busyThreshold) return affinity;
  let best = 0;
  for (let i = 1; i < views.length; i++) {
    if (lessLoaded(views[i]!, views[best]!)) best = i;
  }
  return best;
}

function lessLoaded(a: InstanceView, b: InstanceView): boolean {
  if (a.inFlight !== b.inFlight) return a.inFlight < b.inFlight;
  if (a.holds !== b.holds) return a.holds;
  return a.loadedModels < b.loadedModels;
}

/** MME_ROUTING_BUSY_THRESHOLD in the model container's Environment overrides the emulator's default. */
export function busyThresholdFor(environment: Record<string, string>, fallback: number): number {
  const value = environment.MME_ROUTING_BUSY_THRESHOLD;
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      `Environment MME_ROUTING_BUSY_THRESHOLD: must be a whole number of at least 1, got "${value}"`,
    );
  }
  return n;
}
