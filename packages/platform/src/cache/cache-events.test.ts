import { describe, expect, it } from "vitest";
import { cacheEvents, watchCacheEvents } from "./cache-events.js";

const ref = { endpointName: "ep", targetModel: "a.tar.gz", bucket: "b", key: "p/a.tar.gz" };

describe("cache events", () => {
  it("reach the watchers of their scope only, and nobody once unwatched", () => {
    const mine = { scope: {}, variantName: "AllTraffic", instanceId: "i-1" };
    const other = { ...mine, scope: {} };
    const seen: string[] = [];
    const stop = watchCacheEvents(mine.scope, {
      loaded: ({ origin, ref, micros }) =>
        seen.push(`loaded ${origin.instanceId} ${ref.targetModel} ${micros}`),
      unloaded: ({ reason }) => seen.push(`unloaded ${reason}`),
    });
    expect(cacheEvents.loaded.hasSubscribers).toBe(true);
    cacheEvents.loaded.publish({ origin: other, ref, micros: 1, memoryBytes: 1 });
    cacheEvents.loaded.publish({ origin: mine, ref, micros: 2, memoryBytes: 1 });
    cacheEvents.unloaded.publish({ origin: mine, ref, micros: 0, reason: "requested" });
    cacheEvents.downloaded.publish({ origin: mine, ref, micros: 3, bytes: 1 });
    stop();
    cacheEvents.loaded.publish({ origin: mine, ref, micros: 4, memoryBytes: 1 });
    expect(seen).toEqual(["loaded i-1 a.tar.gz 2", "unloaded requested"]);
    expect(cacheEvents.loaded.hasSubscribers).toBe(false);
  });
});
