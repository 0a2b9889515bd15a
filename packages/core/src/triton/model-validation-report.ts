import type { ModelProblem } from "../errors/mme-errors.js";
import type { TritonModelConfig } from "./model-config.js";

export interface ModelValidationReport {
  /** The model folder's name (the tarball's top folder for a tarball). */
  modelName: string;
  /** The model folder that was checked; for a tarball, the tarball's path. */
  dir: string;
  /** Set when config.pbtxt parsed without a problem. */
  config?: TritonModelConfig;
  /** Numeric version folders, ascending. */
  versions: number[];
  /** Every problem found; empty when the model is valid. Files are relative to the model folder's parent. */
  problems: ModelProblem[];
}
