// What happens to models in the caches, published on named `node:diagnostics_channel` channels
// (`mme:cache:loaded`, …), as lru-cache publishes its own: one typed channel per event, every message
// naming the cache it came from. Publishers check `hasSubscribers` first, so an unwatched event costs
// nothing; subscribers (the emulator's metrics and activity feed, a test) keep to their own scope, so two
// emulators in one process never see each other's models.
import { type Channel, channel } from "node:diagnostics_channel";
import type { CacheOrigin, DiskEvictReason, ModelRef, UnloadReason } from "./types.js";

interface CacheEvent {
  origin: CacheOrigin;
  ref: ModelRef;
}

/** Downloaded from S3 (first byte to last). ModelDownloadingTime. */
export interface ModelDownloaded extends CacheEvent {
  micros: number;
  bytes: number;
}

/** Extracted into the disk tier; `bytes` of files written. */
export interface ModelExtracted extends CacheEvent {
  micros: number;
  bytes: number;
}

/** Loaded in the container. ModelLoadingTime; `memoryBytes` is its reported footprint. */
export interface ModelLoaded extends CacheEvent {
  micros: number;
  memoryBytes: number;
}

/** Out of the container (0 µs when it was dropped at once: lost, or unloaded on request). ModelUnloadingTime. */
export interface ModelUnloaded extends CacheEvent {
  micros: number;
  reason: UnloadReason;
}

/** Its extracted copy was deleted from the disk tier. */
export interface ModelDiskEvicted extends CacheEvent {
  reason: DiskEvictReason;
}

/** A bring-up (download, extract or load) failed for every request waiting on it. */
export interface ModelLoadFailed extends CacheEvent {
  error: Error;
}

/** A `diagnostics_channel` channel whose messages are `T`. */
export class TypedChannel<T extends CacheEvent> {
  readonly #channel: Channel;

  constructor(readonly name: string) {
    this.#channel = channel(name);
  }

  /** Check before building a message: false while nobody listens. */
  get hasSubscribers(): boolean {
    return this.#channel.hasSubscribers;
  }

  publish(message: T): void {
    this.#channel.publish(message);
  }

  /** Listens to the messages of one scope until the returned function is called. */
  subscribe(scope: object, listener: (message: T) => void): () => void {
    const onMessage = (message: unknown) => {
      if ((message as T).origin.scope === scope) listener(message as T);
    };
    this.#channel.subscribe(onMessage);
    return () => {
      this.#channel.unsubscribe(onMessage);
    };
  }
}

export const cacheEvents = {
  downloaded: new TypedChannel<ModelDownloaded>("mme:cache:downloaded"),
  extracted: new TypedChannel<ModelExtracted>("mme:cache:extracted"),
  loaded: new TypedChannel<ModelLoaded>("mme:cache:loaded"),
  unloaded: new TypedChannel<ModelUnloaded>("mme:cache:unloaded"),
  diskEvicted: new TypedChannel<ModelDiskEvicted>("mme:cache:disk-evicted"),
  loadFailed: new TypedChannel<ModelLoadFailed>("mme:cache:load-failed"),
} as const;

type CacheEvents = typeof cacheEvents;
export type CacheEventName = keyof CacheEvents;
export type CacheEventMessage<N extends CacheEventName> =
  CacheEvents[N] extends TypedChannel<infer T> ? T : never;
export type CacheEventListeners = { [N in CacheEventName]?: (message: CacheEventMessage<N>) => void };

/** Subscribes each listener to its channel, for one scope; the returned function unsubscribes them all. */
export function watchCacheEvents(scope: object, listeners: CacheEventListeners): () => void {
  const stops: (() => void)[] = [];
  for (const name of Object.keys(listeners) as CacheEventName[]) {
    const listener = listeners[name] as ((message: CacheEvent) => void) | undefined;
    if (listener) stops.push((cacheEvents[name] as TypedChannel<CacheEvent>).subscribe(scope, listener));
  }
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}
