// An inference component's copies on its variant, and the router in front of them. Each copy is a model
// host of its own, opened for the component's model (a SingleModel spec) and loaded before it takes
// traffic; copies are never evicted. `resize` adds loaded copies or drains and closes the newest;
// `deploy` rolls to a new spec: the new copies are loaded beside the old ones, which then drain.
import { randomBytes } from "node:crypto";
import { parseS3Url } from "@mme/core";
import type { ModelRef } from "../cache/types.js";
import type { EndpointSpec } from "../endpoints/endpoint-spec.js";
import type { OpenModelHost } from "../fleet/instance.js";
import { ComponentCopy } from "./component-copy.js";

/** SageMaker's RoutingConfig.RoutingStrategy of the variant. */
export type RoutingStrategy = "LEAST_OUTSTANDING_REQUESTS" | "RANDOM";

/** A variant without RoutingConfig routes at random (AWS: "By default, SageMaker endpoints have a random routing strategy"). */
export const DEFAULT_ROUTING_STRATEGY: RoutingStrategy = "RANDOM";

export interface ComponentCopiesOptions {
  /** The component's model as one instance serves it (mode SingleModel). */
  spec: EndpointSpec;
  openHost: OpenModelHost;
  routing?: RoutingStrategy;
  /** The instance the copy opened n-th (0, 1, …) goes on. */
  instanceFor(ordinal: number): string;
  random?: () => number;
}

export class ComponentCopies {
  /** In service: what `route` chooses from, oldest first. */
  readonly copies: ComponentCopy[] = [];
  #spec: EndpointSpec;
  #ref: ModelRef;
  readonly #options: ComponentCopiesOptions;
  readonly #random: () => number;
  /** Copies being loaded or drained: listed by `all`, closed by `close`. */
  readonly #starting = new Set<ComponentCopy>();
  readonly #draining = new Map<ComponentCopy, Promise<void>>();
  #ordinal = 0;
  #closed = false;
  /** Resizes and deploys run one after the other. */
  #work: Promise<void> = Promise.resolve();

  constructor(options: ComponentCopiesOptions) {
    this.#options = options;
    this.#spec = options.spec;
    this.#ref = singleModelRef(options.spec);
    this.#random = options.random ?? Math.random;
  }

  get spec(): EndpointSpec {
    return this.#spec;
  }

  get copyCount(): number {
    return this.copies.length;
  }

  /** Every copy: loading, in service and draining. */
  all(): ComponentCopy[] {
    return [...this.#starting, ...this.copies, ...this.#draining.keys()];
  }

  /** The copy for this request, counted in (call `leave` on it once answered); undefined at 0 copies. */
  route(): ComponentCopy | undefined {
    const copies = this.copies;
    const count = copies.length;
    if (count === 0) return undefined;
    let chosen: ComponentCopy;
    if (count === 1) chosen = copies[0]!;
    else if ((this.#options.routing ?? DEFAULT_ROUTING_STRATEGY) === "RANDOM")
      chosen = copies[Math.floor(this.#random() * count)]!;
    else chosen = this.#leastOutstanding();
    chosen.enter();
    return chosen;
  }

  /** Fewest requests in flight; ties drawn at random so equal copies share the load. */
  #leastOutstanding(): ComponentCopy {
    const copies = this.copies;
    let best = copies[0]!;
    let ties = 1;
    for (let i = 1; i < copies.length; i++) {
      const copy = copies[i]!;
      if (copy.inFlight < best.inFlight) {
        best = copy;
        ties = 1;
      } else if (copy.inFlight === best.inFlight && this.#random() * ++ties < 1) {
        best = copy;
      }
    }
    return best;
  }

  /** More copies, each loaded before it takes traffic; or fewer, the newest drained then closed. */
  resize(count: number): Promise<void> {
    return this.#serially(async () => {
      const more = count - this.copies.length;
      if (more > 0) {
        const opened = await this.#openCopies(this.#spec, this.#ref, more);
        this.copies.push(...opened);
      } else if (more < 0) {
        await this.#drain(this.copies.splice(count));
      }
    });
  }

  /**
   * A rolling update to `spec` with `count` copies: the new copies load while the old ones serve; once
   * every new copy is in service the old ones take no more requests and close when their in-flight ones
   * are answered. If a new copy fails to load, the new ones close and the old ones keep serving.
   */
  deploy(spec: EndpointSpec, count: number): Promise<void> {
    return this.#serially(async () => {
      const ref = singleModelRef(spec);
      const opened = await this.#openCopies(spec, ref, count);
      this.#spec = spec;
      this.#ref = ref;
      const old = this.copies.splice(0, this.copies.length, ...opened);
      await this.#drain(old);
    });
  }

  /** Closes every copy now, those loading or draining included. */
  async close(): Promise<void> {
    this.#closed = true;
    const copies = [...this.copies.splice(0), ...this.#starting];
    await Promise.all([...copies.map((copy) => copy.close()), ...this.#draining.values()]);
  }

  #serially(step: () => Promise<void>): Promise<void> {
    const run = this.#work.then(() => (this.#closed ? undefined : step()));
    this.#work = run.catch(() => undefined);
    return run;
  }

  /** All `count` copies loaded, or none: a failure closes those opened and rethrows. */
  async #openCopies(spec: EndpointSpec, ref: ModelRef, count: number): Promise<ComponentCopy[]> {
    const ordinals = Array.from({ length: count }, () => this.#ordinal++);
    const copies = ordinals.map(
      (ordinal) => new ComponentCopy(newCopyId(), this.#options.instanceFor(ordinal), ref),
    );
    for (const copy of copies) this.#starting.add(copy);
    const started = await Promise.allSettled(
      copies.map((copy, i) => this.#startCopy(copy, spec, ordinals[i]!)),
    );
    for (const copy of copies) this.#starting.delete(copy);
    const failure = started.find((result) => result.status === "rejected");
    if (failure || this.#closed) {
      await Promise.all(copies.map((copy) => copy.close().catch(() => undefined)));
      if (failure) throw failure.reason;
      return [];
    }
    return copies;
  }

  /** The one place a copy's model host is opened. */
  async #startCopy(copy: ComponentCopy, spec: EndpointSpec, ordinal: number): Promise<void> {
    const host = await this.#options.openHost(spec, {
      instanceId: copy.instanceId,
      ordinal,
      copyId: copy.copyId,
    });
    await copy.start(host);
  }

  #drain(copies: ComponentCopy[]): Promise<void> {
    return Promise.all(
      copies.map((copy) => {
        const drained = copy.drain().finally(() => this.#draining.delete(copy));
        this.#draining.set(copy, drained);
        return drained;
      }),
    ).then(() => undefined);
  }
}

/** The SingleModel spec's tarball as the cache's model reference. */
function singleModelRef(spec: EndpointSpec): ModelRef {
  const { bucket, key } = parseS3Url(spec.modelDataUrl);
  return { endpointName: spec.endpointName, targetModel: key.split("/").pop() ?? key, bucket, key };
}

/** A copy's id in its log stream's name. */
function newCopyId(): string {
  return randomBytes(8).toString("hex");
}
