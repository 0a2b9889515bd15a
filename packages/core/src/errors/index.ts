export * from "./mme-errors.js";
export * from "./sagemaker-errors.js";
