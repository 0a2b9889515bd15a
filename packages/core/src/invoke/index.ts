export * from "./invoke-async.js";
export * from "./invoke-model.js";
