// The trace replayed through a count-bounded LRU as `connections` clients would send it, each sending its next
// request when its last one is answered: the reference for a churn run with more than one connection.
// What it models, as the emulator and SageMaker behave: a request for a model that is still loading waits
// for that load and counts as a miss; a loading model holds a slot (in a churn run every model is on disk
// after its first request, so a miss is a container load, which holds its slot throughout); a model with a
// request in flight is never evicted (a load waits until some loaded model is idle); recency is taken at each
// request's arrival. Hits cost `hitMs`, misses `missMs` (load included).
import { checkLruCapacity, type ReplayResult, replayResult } from "./lru-replay.js";

export interface ReplayCosts {
  hitMs: number;
  missMs: number;
}

export function replayConcurrentLru<T>(
  trace: readonly T[],
  capacity: number,
  connections: number,
  costs: ReplayCosts,
): ReplayResult {
  checkLruCapacity(capacity);
  const loadMs = Math.max(0, costs.missMs - costs.hitMs);
  /** Loaded models in recency order (Map iteration order: least recent first). */
  const loaded = new Map<T, true>();
  /** Models whose load is under way → when it ends. */
  const loading = new Map<T, number>();
  /** Per model, when each of its requests in flight ends. */
  const busyUntil = new Map<T, number[]>();
  const clientsFreeAt = Array.from({ length: Math.max(1, connections) }, () => 0);
  let hits = 0;
  let evictions = 0;

  const settle = (now: number) => {
    for (const [model, doneAt] of loading) {
      if (doneAt <= now) {
        loading.delete(model);
        loaded.set(model, true);
      }
    }
    for (const [model, ends] of busyUntil) {
      const left = ends.filter((end) => end > now);
      if (left.length === 0) busyUntil.delete(model);
      else busyUntil.set(model, left);
    }
  };

  for (const model of trace) {
    let client = 0;
    for (let c = 1; c < clientsFreeAt.length; c++) {
      if ((clientsFreeAt[c] ?? 0) < (clientsFreeAt[client] ?? 0)) client = c;
    }
    let now = clientsFreeAt[client] ?? 0;
    settle(now);
    let endsAt: number;
    if (loaded.has(model)) {
      hits++;
      loaded.delete(model);
      loaded.set(model, true);
      endsAt = now + costs.hitMs;
    } else if (loading.has(model)) {
      endsAt = (loading.get(model) ?? now) + costs.hitMs;
    } else {
      // A slot: free, or the least recently used idle model's; else wait for the earliest one to go idle.
      while (loaded.size + loading.size >= capacity) {
        const idle = [...loaded.keys()].find((m) => !busyUntil.has(m));
        if (idle !== undefined) {
          loaded.delete(idle);
          evictions++;
          continue;
        }
        const next = Math.min(...[...busyUntil.values()].flat(), ...loading.values());
        if (!Number.isFinite(next)) break;
        now = next;
        settle(now);
      }
      loading.set(model, now + loadMs);
      endsAt = now + loadMs + costs.hitMs;
    }
    const ends = busyUntil.get(model) ?? [];
    ends.push(endsAt);
    busyUntil.set(model, ends);
    clientsFreeAt[client] = endsAt;
  }
  return replayResult(trace.length, hits, evictions);
}
