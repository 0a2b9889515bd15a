export * from "./execute-clean.js";
export * from "./plan-clean.js";
