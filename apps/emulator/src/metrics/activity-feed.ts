// What happened on each endpoint, as events: downloads, loads (and reloads), unloads and evictions,
// failed loads and failed invocations. The explorer streams them; the endpoint logs are written from them.
export type ActivityKind =
  | "download"
  | "load"
  | "reload"
  | "unload"
  | "disk-evict"
  | "load-failed"
  | "invocation-error"
  | "reset";

export interface ActivityEvent {
  seq: number;
  /** Epoch ms. */
  time: number;
  kind: ActivityKind;
  endpointName: string;
  variantName: string;
  /** The instance it happened on (its log stream); absent for a request refused before routing. */
  instanceId?: string;
  targetModel?: string;
  micros?: number;
  bytes?: number;
  /** Unload/evict reason, or the error's name. */
  reason?: string;
  message?: string;
  status?: number;
  requestId?: string;
}

export type ActivityInput = Omit<ActivityEvent, "seq" | "time"> & { time?: number };

const KEPT = 500;

export class ActivityFeed {
  #seq = 0;
  readonly #recent: ActivityEvent[] = [];
  readonly #listeners = new Set<(event: ActivityEvent) => void>();
  /** Models each instance of each endpoint has loaded before: their next load there is a reload. */
  readonly #loadedBefore = new Map<string, Set<string>>();

  publish(input: ActivityInput): ActivityEvent {
    let kind = input.kind;
    if (kind === "load" && input.targetModel !== undefined) {
      const where = `${input.endpointName}\u0000${input.instanceId ?? ""}`;
      const seen = this.#loadedBefore.get(where) ?? new Set<string>();
      this.#loadedBefore.set(where, seen);
      if (seen.has(input.targetModel)) kind = "reload";
      seen.add(input.targetModel);
    }
    const event: ActivityEvent = { ...input, kind, seq: ++this.#seq, time: input.time ?? Date.now() };
    this.#recent.push(event);
    if (this.#recent.length > KEPT) this.#recent.shift();
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** The latest events, oldest first. */
  recent(limit = KEPT): ActivityEvent[] {
    return this.#recent.slice(-limit);
  }

  subscribe(listener: (event: ActivityEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets the history (POST /_mme/reset); subscribers stay. */
  clear(): void {
    this.#recent.length = 0;
    this.#loadedBefore.clear();
  }
}
