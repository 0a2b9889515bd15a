// A production variant's instances and the router in front of them. Each instance has its own container,
// disk tier and memory tier (instance.ts); `route` picks one per request (routing-policy.ts), and
// `resize` adds cold instances or drains and removes some (UpdateEndpointWeightsAndCapacities, autoscaling).
import { entryKey } from "../cache/cache-entry.js";
import type { ModelRef } from "../cache/types.js";
import type { EndpointSpec } from "../endpoints/endpoint-spec.js";
import { type Instance, newInstanceId, type OpenModelHost } from "./instance.js";
import { chooseInstance } from "./routing-policy.js";

/** Targets whose resolved reference is remembered; past it the memo starts over (a bound, not an LRU). */
const REMEMBERED_TARGETS = 10_000;

export interface VariantFleetOptions {
  spec: EndpointSpec;
  openInstance: OpenModelHost;
  busyThreshold: number;
  /** Told of every routed request with the instance count then: InvocationsPerInstance = 1/N. */
  onRouted?: (instanceCount: number, instance: Instance, ref: ModelRef) => void;
  /** Ids for the first instances opened: after a restart, the ids clients saw before. */
  instanceIds?: string[];
}

export class VariantFleet {
  readonly spec: EndpointSpec;
  /** In service: what the router chooses from. */
  readonly instances: Instance[] = [];
  /** The sum of 1/N over routed requests: the variant's InvocationsPerInstance, cumulative. */
  invocationsPerInstance = 0;
  readonly #options: VariantFleetOptions;
  readonly #draining = new Set<Promise<void>>();
  readonly #refs = new Map<string, ModelRef>();
  #ordinal = 0;
  #closed = false;
  readonly #reusedIds: string[];

  private constructor(options: VariantFleetOptions) {
    this.#options = options;
    this.spec = options.spec;
    this.#reusedIds = [...(options.instanceIds ?? [])];
  }

  /** Opens `count` instances; if any fails, closes those opened and rethrows. */
  static async open(options: VariantFleetOptions, count: number): Promise<VariantFleet> {
    const fleet = new VariantFleet(options);
    try {
      await fleet.resize(count);
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  get busyThreshold(): number {
    return this.#options.busyThreshold;
  }

  get instanceCount(): number {
    return this.instances.length;
  }

  /** TargetModel → S3 object, the same for every instance. */
  resolve(targetModel: string): { bucket: string; key: string } {
    return this.#first().resolve(targetModel);
  }

  /**
   * The request's model reference, resolved once per target and reused (resolving parses the prefix and
   * checks the key): the same object every time, so what is keyed on it (metric handles) is found at once.
   */
  refFor(targetModel: string): ModelRef {
    let ref = this.#refs.get(targetModel);
    if (!ref) {
      ref = { endpointName: this.spec.endpointName, targetModel, ...this.resolve(targetModel) };
      if (this.#refs.size >= REMEMBERED_TARGETS) this.#refs.clear();
      this.#refs.set(targetModel, ref);
    }
    return ref;
  }

  /** The instance for this request; acquire on it right away (its in-flight count starts there). */
  route(ref: ModelRef): Instance {
    const instance = this.instances.length === 1 ? this.instances[0]! : this.#choose(ref);
    this.invocationsPerInstance += 1 / this.instances.length;
    this.#options.onRouted?.(this.instances.length, instance, ref);
    return instance;
  }

  #choose(ref: ModelRef): Instance {
    const key = entryKey(ref);
    const views = this.instances.map((instance) => ({
      holds: instance.holds(key),
      inFlight: instance.inFlight,
      loadedModels: instance.loadedCount,
    }));
    return this.instances[chooseInstance(views, this.#options.busyThreshold)] ?? this.#first();
  }

  /** Opens cold instances, or takes the newest out of routing, waits for their requests, and closes them. */
  async resize(count: number): Promise<void> {
    if (this.#closed) return;
    if (count > this.instances.length) {
      const opened = await Promise.allSettled(
        Array.from({ length: count - this.instances.length }, () => this.#openInstance()),
      );
      const failure = opened.find((result) => result.status === "rejected");
      if (failure) throw failure.reason;
      return;
    }
    const removed = this.instances.splice(count);
    await Promise.all(removed.map((instance) => this.#drain(instance)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const instances = this.instances.splice(0);
    await Promise.all([...instances.map((instance) => instance.close()), ...this.#draining]);
  }

  #first(): Instance {
    const instance = this.instances[0];
    if (!instance) throw new Error(`Variant ${this.spec.variantName} has no instance in service.`);
    return instance;
  }

  async #openInstance(): Promise<void> {
    const instance = await this.#options.openInstance(this.spec, {
      instanceId: this.#reusedIds.shift() ?? newInstanceId(),
      ordinal: this.#ordinal++,
    });
    if (this.#closed) {
      await instance.close();
      return;
    }
    this.instances.push(instance);
  }

  #drain(instance: Instance): Promise<void> {
    const drained = instance
      .idle()
      .then(() => instance.close())
      .finally(() => this.#draining.delete(drained));
    this.#draining.add(drained);
    return drained;
  }
}
