// One member of a variant's fleet: its container, the model cache in front of it (disk and memory tiers),
// and what the router reads of it. The router hands out the instance itself; the cache's lease is the
// only per-request object, and the cache counts what is in flight (held or waited for) on it.
import { randomBytes } from "node:crypto";
import type { ModelContainer } from "@mme/core/container";
import type { ModelCache } from "../cache/model-cache.js";
import type { AcquireResult, ModelCacheStatus, ModelRef } from "../cache/types.js";
import type { EndpointSpec } from "../endpoints/endpoint-spec.js";

/** Who an instance is among its variant's: what `OpenModelHost` is told. */
export interface InstanceContext {
  instanceId: string;
  /** Index among the variant's instances ever opened (0, 1, …): picks the instance's container URL. */
  ordinal: number;
  /** The inference-component copy this instance is, when it is one. */
  copyId?: string;
}

/** Opens one instance: its own container, disk tier and memory tier. */
export type OpenModelHost = (spec: EndpointSpec, instance?: InstanceContext) => Promise<Instance>;

export interface InstanceParts {
  /** Its log stream is <VariantName>/<id>. */
  id: string;
  ordinal: number;
  endpointName: string;
  container: ModelContainer;
  /** A new, empty cache in front of the container: at open, and again on reset. */
  openCache(): ModelCache;
  /** TargetModel → S3 object; throws ValidationError for a key that can't be under the prefix. */
  resolve(targetModel: string): { bucket: string; key: string };
  /** Releases what the opener made besides the cache (the container): after the cache is closed. */
  close(): Promise<void>;
}

export function newInstanceId(): string {
  // EC2-style, as SageMaker names instances in its log streams (AllTraffic/i-0123456789abcdef0).
  return `i-0${randomBytes(8).toString("hex")}`;
}

export class Instance {
  readonly id: string;
  readonly ordinal: number;
  readonly container: ModelContainer;
  /** Requests routed here, ever. */
  invocations = 0;
  readonly #parts: InstanceParts;
  #cache: ModelCache;

  constructor(parts: InstanceParts) {
    this.#parts = parts;
    this.id = parts.id;
    this.ordinal = parts.ordinal;
    this.container = parts.container;
    this.#cache = parts.openCache();
  }

  /** Requests holding or waiting for a model here. */
  get inFlight(): number {
    return this.#cache.inFlight;
  }

  get loadedCount(): number {
    return this.#cache.loadedCount;
  }

  resolve(targetModel: string): { bucket: string; key: string } {
    return this.#parts.resolve(targetModel);
  }

  /** The model (`key`: its entryKey) is loaded here, or being loaded for a request in flight: the router's affinity. */
  holds(key: string): boolean {
    return this.#cache.holds(key);
  }

  /** A warm hit without a Promise: the lease, or undefined when the model must be loaded or waited for. */
  acquireWarm(ref: ModelRef): AcquireResult | undefined {
    const result = this.#cache.acquireWarm(ref);
    if (result) this.invocations++;
    return result;
  }

  acquire(ref: ModelRef, options: { signal?: AbortSignal }): Promise<AcquireResult> {
    this.invocations++;
    return this.#cache.acquire(ref, options);
  }

  /** The container no longer has the model (404 on invoke, e.g. after a restart): the next acquire reloads it. */
  markLost(ref: ModelRef): void {
    this.#cache.markLost(ref);
  }

  status(): ModelCacheStatus {
    return this.#cache.status();
  }

  /** Unloads one idle loaded model (it stays on disk); for the explorer. */
  unload(targetModel: string): "unloaded" | "not-loaded" | "in-use" {
    const ref = { endpointName: this.#parts.endpointName, targetModel, ...this.resolve(targetModel) };
    return this.#cache.unload(ref);
  }

  /** Unloads every model and empties the disk tier; the instance stays in service with a new cache. */
  async reset(): Promise<void> {
    const old = this.#cache;
    this.#cache = this.#parts.openCache();
    await old.close();
  }

  /** Resolves once nothing is in flight here. */
  idle(): Promise<void> {
    return this.#cache.idle();
  }

  /** Unloads every model and releases the container. */
  async close(): Promise<void> {
    try {
      await this.#cache.close();
    } finally {
      await this.#parts.close();
    }
  }
}
