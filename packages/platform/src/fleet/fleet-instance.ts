// One instance of a variant as the router sees it: its model host (own container, disk and memory tiers),
// what it holds loaded (from its cache's events), and what it has in flight. The router hands out the
// instance itself (no per-request wrapper); its leases count the request in and out.
import { randomBytes } from "node:crypto";
import type { ModelContainer } from "@mme/core/container";
import type { AcquireResult, ModelCacheEvents, ModelLease, ModelRef } from "../cache/types.js";
import type { ModelHost } from "../endpoints/model-host.js";

export function newInstanceId(): string {
  // EC2-style, as SageMaker names instances in its log streams (AllTraffic/i-0123456789abcdef0).
  return `i-0${randomBytes(8).toString("hex")}`;
}

export const modelKey = (ref: { bucket: string; key: string }) => `${ref.bucket}/${ref.key}`;

export class FleetInstance {
  host!: ModelHost;
  inFlight = 0;
  /** Requests routed here, ever. */
  invocations = 0;
  readonly loaded = new Set<string>();
  readonly #inFlightByModel = new Map<string, number>();
  #idle: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly ordinal: number,
  ) {}

  /** Keeps `loaded` in step with the instance's cache. */
  readonly events: ModelCacheEvents = {
    loaded: (ref) => this.loaded.add(modelKey(ref)),
    unloaded: (ref) => this.loaded.delete(modelKey(ref)),
  };

  get instanceId(): string {
    return this.id;
  }

  get container(): ModelContainer {
    return this.host.container;
  }

  markLost(ref: ModelRef): void {
    this.host.markLost(ref);
  }

  holds(key: string): boolean {
    return this.loaded.has(key) || (this.#inFlightByModel.get(key) ?? 0) > 0;
  }

  /** Resolves once nothing is in flight here. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** A warm hit without a Promise: the lease, or undefined when the model must be loaded or waited for. */
  acquireWarm(ref: ModelRef): AcquireResult | undefined {
    const result = this.host.acquireWarm?.(ref);
    if (!result) return undefined;
    const key = modelKey(ref);
    this.#enter(key);
    return { timings: result.timings, lease: new InstanceLease(this, key, result.lease) };
  }

  async acquire(ref: ModelRef, options: { signal?: AbortSignal }): Promise<AcquireResult> {
    const key = modelKey(ref);
    this.#enter(key);
    try {
      const result = await this.host.acquire(ref, options);
      return { timings: result.timings, lease: new InstanceLease(this, key, result.lease) };
    } catch (error) {
      this.leave(key);
      throw error;
    }
  }

  #enter(key: string): void {
    this.inFlight++;
    this.invocations++;
    this.#inFlightByModel.set(key, (this.#inFlightByModel.get(key) ?? 0) + 1);
  }

  /** One request on `key` is over (its lease's release). */
  leave(key: string): void {
    this.inFlight--;
    const left = (this.#inFlightByModel.get(key) ?? 1) - 1;
    if (left === 0) this.#inFlightByModel.delete(key);
    else this.#inFlightByModel.set(key, left);
    if (this.inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
  }
}

/** The cache's lease, counted on the instance until released (once). */
class InstanceLease implements ModelLease {
  #released = false;

  constructor(
    private readonly instance: FleetInstance,
    private readonly key: string,
    private readonly inner: ModelLease,
  ) {}

  get containerModelName(): string {
    return this.inner.containerModelName;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.inner.release();
    this.instance.leave(this.key);
  }
}
