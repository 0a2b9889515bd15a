export * from "./container/index.js";
export * from "./errors/index.js";
export * from "./kserve/index.js";
export * from "./triton/index.js";
