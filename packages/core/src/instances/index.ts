export * from "./instance-specs.js";
