export * from "./add-model.js";
export * from "./artifact-errors.js";
export * from "./list-models.js";
export * from "./model-key.js";
export * from "./object-exists.js";
export * from "./pack-model.js";
export * from "./remove-model.js";
export * from "./tarball-name.js";
