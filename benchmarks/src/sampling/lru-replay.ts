// Offline replay of a request trace through a perfect LRU cache holding `capacity` items:
// the hit ratio an ideal count-bounded LRU would reach on exactly the requests the benchmark sent.

export interface ReplayResult {
  requests: number;
  hits: number;
  misses: number;
  evictions: number;
  hitRatio: number;
}

export function replayLru<T>(trace: readonly T[], capacity: number): ReplayResult {
  checkLruCapacity(capacity);
  // A Map iterates in insertion order: delete + set moves a key to the most-recent end.
  const cache = new Map<T, true>();
  let hits = 0;
  let evictions = 0;
  for (const key of trace) {
    if (cache.has(key)) {
      hits++;
      cache.delete(key);
    } else if (cache.size >= capacity) {
      const oldest = cache.keys().next().value as T;
      cache.delete(oldest);
      evictions++;
    }
    cache.set(key, true);
  }
  return replayResult(trace.length, hits, evictions);
}

export function checkLruCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
  }
}

export function replayResult(requests: number, hits: number, evictions: number): ReplayResult {
  return {
    requests,
    hits,
    misses: requests - hits,
    evictions,
    hitRatio: requests === 0 ? 0 : hits / requests,
  };
}
