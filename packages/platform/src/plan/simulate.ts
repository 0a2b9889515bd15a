// `mme plan`'s simulation: the emulator's own ModelCache (one per instance) and VariantFleet router over
// a request trace, on a simulated clock. Requests arrive at their trace times; a request holds its lease
// (so its instance counts it in flight, and its model cannot be evicted) until the simulated time its
// load wait and service time end. Loads complete at once in the cache but not on the clock: a request for
// a model still loading on its instance (by simulated time) waits for it, as single-flight joiners do.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimulatedModel, SimulationInput, SimulationResult } from "@mme/core";
import { ModelCache } from "../cache/index.js";
import type { ModelCacheStatus, ModelLease } from "../cache/types.js";
import type { EndpointSpec } from "../endpoints/endpoint-spec.js";
import { Instance } from "../fleet/instance.js";
import { VariantFleet } from "../fleet/variant-fleet.js";
import { SimulatedModels } from "./simulated-parts.js";

const BUCKET = "simulated";

export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  const rootDir = await mkdtemp(join(tmpdir(), "mme-plan-"));
  const models = new SimulatedModels(input.models);
  const spec: EndpointSpec = {
    endpointName: "plan",
    variantName: "AllTraffic",
    modelName: "plan",
    mode: "MultiModel",
    modelDataUrl: `s3://${BUCKET}/`,
    environment: {},
    cacheSetting: "Enabled",
  };
  /** This simulation's cache events (nobody listens to them). */
  const scope = {};
  const fleet = await VariantFleet.open(
    {
      spec,
      busyThreshold: input.busyThreshold,
      openInstance: async (_spec, context = { instanceId: "i-plan", ordinal: 0 }) => {
        const container = models.container();
        const origin = { scope, variantName: spec.variantName, instanceId: context.instanceId };
        return new Instance({
          id: context.instanceId,
          ordinal: context.ordinal,
          endpointName: spec.endpointName,
          container,
          openCache: () =>
            new ModelCache({
              source: models.source,
              extract: models.extract,
              container,
              rootDir,
              diskBytes: input.diskBytes,
              memoryBytes: input.memoryBytes,
              ...(input.maxLoadedModels === undefined ? {} : { maxLoadedModels: input.maxLoadedModels }),
              cacheSetting: "Enabled",
              origin,
            }),
          resolve: (targetModel) => ({ bucket: BUCKET, key: targetModel }),
          close: async () => {},
        });
      },
    },
    input.instanceCount,
  );

  const releases = new ReleaseQueue();
  /** Simulated time each model becomes ready on each instance. */
  const readyAt = new Map<string, number>();
  let hits = 0;
  let loads = 0;
  let downloads = 0;
  let waited = 0;
  let waitTotal = 0;
  try {
    for (const request of input.requests) {
      releases.releaseUntil(request.time);
      const ref = {
        endpointName: spec.endpointName,
        targetModel: request.targetModel,
        bucket: BUCKET,
        key: request.targetModel,
      };
      const instance = fleet.route(ref);
      // A full memory tier with every model in use makes the load wait for a release: advance the clock to it.
      let startedAt = request.time;
      while (
        releases.size > 0 &&
        mustWaitForRoom(instance.status(), models.model(request.targetModel), input)
      ) {
        startedAt = Math.max(startedAt, releases.releaseNext());
      }
      const acquiring = instance.acquire(ref, {});
      let acquired = await settledWithin(acquiring, STALL_MS);
      while (!acquired && releases.size > 0) {
        startedAt = Math.max(startedAt, releases.releaseNext());
        acquired = await settledWithin(acquiring, STALL_MS);
      }
      const { lease, timings } = acquired ?? (await acquiring);
      const readyKey = `${instance.id}/${request.targetModel}`;
      let ready = startedAt;
      if (!timings.cacheHit) {
        loads++;
        const model = models.model(request.targetModel);
        const downloaded = timings.downloadMicros !== undefined;
        if (downloaded) downloads++;
        ready = startedAt + (downloaded ? model.coldLoadSeconds : model.warmLoadSeconds);
        readyAt.set(readyKey, ready);
      } else {
        ready = Math.max(startedAt, readyAt.get(readyKey) ?? startedAt);
      }
      const wait = ready - request.time;
      if (timings.cacheHit && wait <= 0) hits++;
      if (wait > 0) {
        waited++;
        waitTotal += wait;
      }
      releases.add(ready + input.serviceSeconds, lease);
    }
    const duration = Math.max(input.requests.at(-1)?.time ?? 0, 1e-9);
    const statuses = fleet.instances.map((i) => i.loadedCount);
    return {
      requests: input.requests.length,
      hits,
      hitRatio: input.requests.length === 0 ? 0 : hits / input.requests.length,
      loads,
      downloads,
      coldStartsPerHour: (loads / duration) * 3600,
      residentModelsPerInstance: statuses.reduce((a, b) => a + b, 0) / Math.max(1, statuses.length),
      meanLoadWaitSeconds: waited === 0 ? 0 : waitTotal / waited,
      meanWaitPerRequestSeconds: input.requests.length === 0 ? 0 : waitTotal / input.requests.length,
      durationSeconds: duration,
    };
  } finally {
    releases.releaseAll();
    await fleet.close();
    await rm(rootDir, { recursive: true, force: true });
  }
}

/** Real time after which an acquire that has not settled is taken to wait for a release (a safety net). */
const STALL_MS = 1000;

/**
 * Whether loading `model` must wait for a request to finish: the cache only evicts idle models, and
 * loads complete at once here, so room is short exactly when the idle models cannot make enough.
 * Only decides when to advance the clock; what is evicted and loaded is the cache's own doing.
 */
function mustWaitForRoom(status: ModelCacheStatus, model: SimulatedModel, input: SimulationInput): boolean {
  if (status.models.some((m) => m.targetModel === model.targetModel && m.tier === "memory")) return false;
  if (status.loadedCount === 0) return false;
  const loaded = status.models.filter((m) => m.tier === "memory");
  const busy = loaded.filter((m) => m.inFlight > 0);
  const busyBytes = busy.reduce((sum, m) => sum + (m.memoryBytes ?? 0), 0);
  const estimate = model.memoryBytes;
  const countFull = input.maxLoadedModels !== undefined && busy.length >= input.maxLoadedModels;
  return countFull || (busy.length > 0 && busyBytes + estimate > input.memoryBytes);
}

/** The acquire's result if it settles within `ms`; rethrows its failure. */
async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Leases to release at simulated times, earliest first (a binary heap). */
class ReleaseQueue {
  readonly #heap: { at: number; lease: ModelLease }[] = [];

  get size(): number {
    return this.#heap.length;
  }

  add(at: number, lease: ModelLease): void {
    const heap = this.#heap;
    heap.push({ at, lease });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  releaseUntil(time: number): void {
    while (this.#heap.length > 0 && this.#heap[0]!.at <= time) this.releaseNext();
  }

  /** Releases the earliest lease; returns its time. */
  releaseNext(): number {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.at < heap[m]!.at) m = l;
        if (r < heap.length && heap[r]!.at < heap[m]!.at) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    top.lease.release();
    return top.at;
  }

  releaseAll(): void {
    while (this.#heap.length > 0) this.releaseNext();
  }
}
