export * from "./pixels.js";
export * from "./preprocess.js";
export * from "./random-image.js";
export * from "./top-k.js";
