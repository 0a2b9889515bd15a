export * from "./instance-types.js";
export * from "./offline-prices.js";
export * from "./pricing.js";
export * from "./simulation.js";
export * from "./traffic.js";
