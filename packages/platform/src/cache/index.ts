export * from "./cache-events.js";
export { type ColdPathWarmUp, warmColdPath } from "./cold-path-warm-up.js";
export { ModelCache, type ModelCacheInit } from "./model-cache.js";
export { containerModelName } from "./model-name.js";
export type * from "./types.js";
