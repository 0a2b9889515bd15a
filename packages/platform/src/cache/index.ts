export * from "./cache-events.js";
export { ModelCache, type ModelCacheInit } from "./model-cache.js";
export { containerModelName } from "./model-name.js";
export type * from "./types.js";
