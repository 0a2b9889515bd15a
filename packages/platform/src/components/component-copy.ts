// One copy of an inference component: an Instance of its own (its container, disk and memory tiers)
// serving one model. The copy loads its model when it starts and holds a lease on it until it closes, so
// the cache never evicts it; requests take their own lease on the warm model, as on an MME instance.
import type { ModelContainer } from "@mme/core/container";
import type { AcquireResult, ModelLease, ModelRef } from "../cache/types.js";
import type { Instance } from "../fleet/instance.js";

export type CopyStatus = "Creating" | "InService" | "Draining";

export class ComponentCopy {
  status: CopyStatus = "Creating";
  /** Requests routed here and not yet answered. */
  inFlight = 0;
  /** Requests routed here, ever. */
  invocations = 0;
  #host: Instance | undefined;
  #pin: ModelLease | undefined;
  #idle: (() => void)[] = [];

  constructor(
    readonly copyId: string,
    readonly instanceId: string,
    readonly ref: ModelRef,
  ) {}

  get container(): ModelContainer {
    return this.#host!.container;
  }

  /** Opens nothing itself: takes the host, loads the model and pins it; then the copy is in service. */
  async start(host: Instance): Promise<void> {
    this.#host = host;
    const { lease } = await host.acquire(this.ref, {});
    this.#pin = lease;
    this.status = "InService";
  }

  /** The model's lease for one request: synchronously when it is loaded (it is, unless the container lost it). */
  acquireWarm(): AcquireResult | undefined {
    return this.#host!.acquireWarm(this.ref);
  }

  acquire(signal: AbortSignal | undefined): Promise<AcquireResult> {
    return this.#host!.acquire(this.ref, signal ? { signal } : {});
  }

  /** The container answered 404: it no longer has the model; the next request reloads it. */
  markLost(): void {
    this.#host!.markLost(this.ref);
  }

  enter(): void {
    this.inFlight++;
    this.invocations++;
  }

  leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
  }

  /** Waits for the requests in flight (no new ones are routed here), then closes the host. */
  async drain(): Promise<void> {
    this.status = "Draining";
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    await this.close();
  }

  async close(): Promise<void> {
    const pin = this.#pin;
    this.#pin = undefined;
    pin?.release();
    await this.#host?.close();
  }
}
