export * from "./cache-events.js";
export { COLD_PATH_WARM_UP_ROUNDS, type ColdPathWarmUp, warmColdPath } from "./cold-path-warm-up.js";
export { ModelCache, type ModelCacheInit } from "./model-cache.js";
export { containerModelName } from "./model-name.js";
export type * from "./types.js";
