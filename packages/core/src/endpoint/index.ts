export * from "./autoscaling.js";
export * from "./create-endpoint.js";
export * from "./delete-endpoint.js";
export * from "./describe-endpoint.js";
export * from "./endpoint-errors.js";
export * from "./resource-exists.js";
export * from "./triton-images.js";
export * from "./wait-for-in-service.js";
