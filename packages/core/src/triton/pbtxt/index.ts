export * from "./errors.js";
export { parsePbtxt } from "./parser.js";
export * from "./tree.js";
