// One instance of a variant as the router sees it: its backend (own container, disk and memory tiers),
// what it holds loaded (from its cache's events), and what it has in flight.
import { randomBytes } from "node:crypto";
import type { AcquireResult, ModelCacheEvents, ModelRef } from "../cache/types.js";
import type { EndpointBackend } from "../endpoints/endpoint-backend.js";

export function newInstanceId(): string {
  // EC2-style, as SageMaker names instances in its log streams (AllTraffic/i-0123456789abcdef0).
  return `i-0${randomBytes(8).toString("hex")}`;
}

export const modelKey = (ref: { bucket: string; key: string }) => `${ref.bucket}/${ref.key}`;

export class FleetInstance {
  backend!: EndpointBackend;
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

  holds(key: string): boolean {
    return this.loaded.has(key) || (this.#inFlightByModel.get(key) ?? 0) > 0;
  }

  /** The backend with this instance's in-flight bookkeeping around acquire/release. */
  routed(): EndpointBackend {
    const backend = this.backend;
    return {
      instanceId: this.id,
      container: backend.container,
      resolve: (target) => backend.resolve(target),
      markLost: (ref) => backend.markLost(ref),
      status: () => backend.status(),
      close: () => backend.close(),
      acquire: (ref, options) => this.#acquire(ref, options),
    };
  }

  /** Resolves once nothing is in flight here. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #acquire(ref: ModelRef, options: { signal?: AbortSignal }): Promise<AcquireResult> {
    const key = modelKey(ref);
    this.inFlight++;
    this.invocations++;
    this.#inFlightByModel.set(key, (this.#inFlightByModel.get(key) ?? 0) + 1);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      const left = (this.#inFlightByModel.get(key) ?? 1) - 1;
      if (left === 0) this.#inFlightByModel.delete(key);
      else this.#inFlightByModel.set(key, left);
      if (this.inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
    };
    try {
      const result = await this.backend.acquire(ref, options);
      const { lease } = result;
      return {
        timings: result.timings,
        lease: {
          containerModelName: lease.containerModelName,
          release: () => {
            lease.release();
            end();
          },
        },
      };
    } catch (error) {
      end();
      throw error;
    }
  }
}
