// The activity feed's share of the cache events (cache-events.ts): downloads, loads, unloads, disk
// evictions and failed loads of one emulator's instances, each on the instance it happened on. The
// explorer streams them; the endpoint logs are written from them.
import { type CacheOrigin, type ModelRef, watchCacheEvents } from "@mme/platform";
import type { ActivityFeed, ActivityInput } from "./activity-feed.js";

type CacheActivity = Omit<ActivityInput, "endpointName" | "variantName" | "targetModel" | "instanceId">;

/** Publishes the caches' events of `scope` on the feed; returns the unsubscribe. */
export function watchCacheActivity(feed: ActivityFeed, scope: object): () => void {
  const publish = ({ origin, ref }: { origin: CacheOrigin; ref: ModelRef }, activity: CacheActivity) =>
    feed.publish({
      endpointName: ref.endpointName,
      variantName: origin.variantName,
      targetModel: ref.targetModel,
      ...activity,
      instanceId: origin.instanceId,
    });
  return watchCacheEvents(scope, {
    downloaded: (event) => publish(event, { kind: "download", micros: event.micros, bytes: event.bytes }),
    loaded: (event) => publish(event, { kind: "load", micros: event.micros, bytes: event.memoryBytes }),
    unloaded: (event) => publish(event, { kind: "unload", micros: event.micros, reason: event.reason }),
    diskEvicted: (event) => publish(event, { kind: "disk-evict", reason: event.reason }),
    loadFailed: (event) =>
      publish(event, { kind: "load-failed", reason: event.error.name, message: event.error.message }),
  });
}
