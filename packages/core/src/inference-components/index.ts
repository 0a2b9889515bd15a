export * from "./create-ic-endpoint.js";
export * from "./create-inference-component.js";
export * from "./delete-inference-component.js";
export * from "./describe-inference-component.js";
export * from "./inference-component-errors.js";
export * from "./scale-inference-component.js";
export * from "./wait-for-inference-component.js";
